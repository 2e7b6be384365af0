/* /lib.js as a module. lib.js stays a classic script because the staff page loads it too;
   deferred scripts and modules run in document order, so its global is set when this runs.
   Without it (lib.js did not load) these are undefined and app.js only shows its message. */
export const {
  api, el, showErrors, clearErrors, cpfDigits, formatCpf, validCpf, formatDate, formatInstant, TEXT,
} = window.Recadastro || {};
