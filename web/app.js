/* Recadastro: the professionals' site (index.html), plain JS modules, no build. Hash routes:
   #/entrar, #/entrar/codigo, #/dados, #/alterar/<group>, #/nada-mudou, #/solicitacoes[/<id>],
   #/reenviar/<id>, #/enviado/<protocol>, #/protocolo[/<protocol>], #/duvidas. Talks to the API through
   /lib.js (window.Recadastro, a classic script the staff page shares; js/recadastro.js reads
   it); the API's address comes from /config.js. This entry starts the page: the router is in
   js/router.js, each screen in js/screens/ (loaded when first shown), the shared pieces in js/. */
import { loadCampaign } from "./js/layout.js";
import { startRouter } from "./js/router.js";
import { T } from "./js/texts.js";

/* The skip link focuses the screen's heading and leaves the hash alone: it holds the route. */
function skipToContent(event) {
  var link = event.target.closest && event.target.closest('a[href="#conteudo"]');
  if (!link) return;
  event.preventDefault();
  var heading = document.getElementById("titulo");
  (heading || document.getElementById("conteudo")).focus();
}

function start(root) {
  if (!window.Recadastro || !window.RECADASTRO_CONFIG) {
    root.querySelector("p").textContent = T.notLoaded;
    return;
  }
  document.addEventListener("click", skipToContent);
  loadCampaign();
  startRouter();
}

var root = document.getElementById("app");
if (root) start(root);
