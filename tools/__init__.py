"""Developer tools run from the Makefile; never deployed."""
