/* An address that is no screen of the site. */
import { el } from "../recadastro.js";
import { screen } from "../layout.js";

export function viewNotFound() {
  var view = screen("Página não encontrada");
  view.add(el("p", { text: "O endereço aberto não existe neste site." }),
    el("p", {}, el("a", { href: "#/" }, "Ir para o início")));
}
