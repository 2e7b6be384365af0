/* The proof picker: kind (when the group takes more than one), files uploaded as soon as they
   are chosen (pre-checked here first) straight to storage, a labelled progress bar, the list
   of files sent (name and size, "Trocar arquivo", "Remover"). The browser's own file control
   says its words in the browser's language and looks like nothing else on the page: it is
   visually hidden (still focusable, so the keyboard reaches it) under a label drawn as a
   button, "Escolher arquivo", and a second one, "Tirar foto", opens the phone's camera. */
import { el } from "./recadastro.js";
import { formatSize } from "./format.js";
import { PROOF } from "./groups.js";
import { call } from "./session.js";
import { T } from "./texts.js";
import { announce, button, clearFieldError, setFieldError, srOnly } from "./ui.js";

var MAX_BYTES = 20971520;
var MAX_FILES = 10;
var KIND_NAME = "proof_kind";
var INPUT_ID = "f-upload_ids";
var CAMERA_ID = "f-camera";

var EXTENSIONS = {
  pdf: "application/pdf",
  doc: "application/msword",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  odt: "application/vnd.oasis.opendocument.text",
  txt: "text/plain",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  heic: "image/heic",
  heif: "image/heif",
  webp: "image/webp",
};
var ACCEPT = Object.keys(EXTENSIONS).map(function (ext) { return "." + ext; }).join(",");
/* What the file's name promises, said in its refusal. */
var LOOKS_LIKE = {
  pdf: "um PDF", doc: "um documento DOC", docx: "um documento DOCX", odt: "um documento ODT",
  txt: "um texto simples (TXT)", jpg: "uma imagem JPG", jpeg: "uma imagem JPG", png: "uma imagem PNG",
  heic: "uma imagem HEIC", heif: "uma imagem HEIF", webp: "uma imagem WEBP",
};
var PREFER_PDF = "Prefira PDF: abre igual em qualquer aparelho e a equipe confere mais rápido.";

function notWhatItSays(name, ext) {
  return "O arquivo " + name + " não parece ser " + LOOKS_LIKE[ext] + ": o conteúdo dele é de um tipo que " +
    "não aceitamos (pode ser um programa com o nome trocado). Confira se escolheu o arquivo certo.";
}

/* The first bytes of each type the server keeps (chalicelib/domain/uploads.py). Any of them
   will do, whatever the name says: the server judges the content, not the name, so a photo
   saved as .pdf still goes; what starts like none of them (a program, "MZ") never leaves the
   browser. The server's check stays the authority. */
var HEAD_BYTES = 4096;
var SIGNATURES = [
  [0, "%PDF-"],
  [0, [0xff, 0xd8, 0xff]],
  [0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  [0, "PK\x03\x04"],
  [0, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]],
  [4, "ftypheic"], [4, "ftypheix"], [4, "ftypmif1"], [4, "ftypmsf1"], [4, "ftyphevc"],
];
/* Text as the server's text check reads it (chalicelib/domain/text_scan.py): UTF-16 with its
   mark, or no control byte a text never holds. Latin-1 passes there, so it passes here too. */
var UTF16_MARKS = [[0xff, 0xfe], [0xfe, 0xff]];
var NOT_TEXT_BYTE = /[\x00-\x06\x0e-\x1a\x1c-\x1f\x7f]/;

function startsWith(head, at, pattern) {
  var codes = typeof pattern === "string"
    ? pattern.split("").map(function (char) { return char.charCodeAt(0); }) : pattern;
  if (head.length < at + codes.length) return false;
  return codes.every(function (code, index) { return head[at + index] === code; });
}

function isWebp(head) { return startsWith(head, 0, "RIFF") && startsWith(head, 8, "WEBP"); }

function isText(head) {
  if (UTF16_MARKS.some(function (mark) { return startsWith(head, 0, mark); })) return true;
  return !NOT_TEXT_BYTE.test(String.fromCharCode.apply(null, head));
}

function looksAccepted(head) {
  return SIGNATURES.some(function (pair) { return startsWith(head, pair[0], pair[1]); }) ||
    isWebp(head) || isText(head);
}

/* The file's first bytes, or null where the browser cannot read them (the server judges). */
function readHead(file) {
  var head = file.slice(0, HEAD_BYTES);
  if (typeof head.arrayBuffer !== "function") return Promise.resolve(null);
  return head.arrayBuffer().then(
    function (buffer) { return new Uint8Array(buffer); },
    function () { return null; });
}

/* The name, size and first bytes checked: {error} or {contentType}. */
function checkFile(file) {
  var check = precheck(file);
  if (check.error) return Promise.resolve(check);
  return readHead(file).then(function (head) {
    if (!head || looksAccepted(head)) return check;
    return { error: notWhatItSays(file.name, extensionOf(file.name)) };
  });
}

function extensionOf(name) {
  var dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
}

function precheck(file) {
  var byName = EXTENSIONS[extensionOf(file.name)];
  if (!byName) return { error: T.fileType(file.name) };
  if (file.size === 0) return { error: T.fileEmpty(file.name) };
  if (file.size > MAX_BYTES) return { error: T.fileTooBig(file.name, file.size) };
  var declared = String(file.type || "").toLowerCase();
  var allowed = Object.keys(EXTENSIONS).some(function (key) { return EXTENSIONS[key] === declared; });
  return { contentType: allowed ? declared : byName };
}

/* POSTs the grant's fields, then the file, straight to storage (S3), reporting progress. */
function sendToStorage(grant, file, onProgress) {
  return new Promise(function (resolve) {
    var form = new FormData();
    Object.keys(grant.fields).forEach(function (name) { form.append(name, grant.fields[name]); });
    form.append("file", file);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", grant.url);
    xhr.timeout = 10 * 60 * 1000;
    xhr.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable && event.total) onProgress(event.loaded / event.total);
    });
    xhr.addEventListener("load", function () {
      if (xhr.status >= 200 && xhr.status < 300) return resolve({ ok: true });
      var tooBig = /EntityTooLarge/.test(xhr.responseText || "");
      resolve({ ok: false, message: tooBig ? T.fileTooBig(file.name, file.size) : T.uploadFailed(file.name) });
    });
    xhr.addEventListener("error", function () { resolve({ ok: false, message: T.uploadFailed(file.name) }); });
    xhr.addEventListener("timeout", function () { resolve({ ok: false, message: T.uploadFailed(file.name) }); });
    xhr.send(form);
  });
}

/* The picker: {node, input, busy(), ids(), count(), drop(message)}. Options: legend,
   inputLabel. */
export function attachmentPicker(kinds, options) {
  options = options || {};
  var picker = {
    kinds: kinds,
    files: [],
    busy: false,
    replacing: null,
    node: el("fieldset", { class: "fieldset attachments" }, el("legend", { text: options.legend || "Comprovante" })),
    input: el("input", {
      type: "file", id: INPUT_ID, name: "upload_ids", multiple: true, accept: ACCEPT,
      class: "file-control__input", "aria-describedby": INPUT_ID + "-dica",
    }),
    camera: el("input", {
      type: "file", id: CAMERA_ID, name: "camera", accept: "image/*", capture: "environment",
      class: "file-control__input", "aria-describedby": INPUT_ID + "-dica",
    }),
    chooseLabel: el("label", { for: INPUT_ID, class: "button button--secondary button-secondary file-control__button", text: "Escolher arquivo" }),
    progress: progressBar(),
    list: fileList(),
  };
  if (kinds.length > 1) picker.node.appendChild(kindChoice(kinds));
  picker.node.appendChild(fileField(picker));
  picker.node.appendChild(picker.list.title);
  picker.node.appendChild(picker.list.node);
  picker.node.appendChild(picker.progress.node);
  watchReplacing(picker);
  picker.input.addEventListener("change", function () { uploadChosen(picker, picker.input); });
  picker.camera.addEventListener("change", function () { uploadChosen(picker, picker.camera); });
  return {
    node: picker.node,
    input: picker.input,
    busy: function () { return picker.busy; },
    ids: function () { return picker.files.map(function (file) { return file.upload_id; }); },
    count: function () { return picker.files.length; },
    /* The API refused (and deleted) a stored file: drop the one it named, or all if it named none. */
    drop: function (message) {
      var named = picker.files.filter(function (file) { return message.indexOf(file.name) >= 0; });
      picker.files = named.length ? picker.files.filter(function (file) { return named.indexOf(file) < 0; }) : [];
      picker.progress.node.hidden = true;
      drawFiles(picker);
    },
  };
}

/* "Trocar arquivo" opens the chooser for one file: the next file sent takes its place. Any
   other opening of the chooser (its label, the keyboard), or closing it without a choice,
   forgets which file was to be replaced. */
function watchReplacing(picker) {
  picker.input.addEventListener("click", function () {
    if (picker.replaceArmed) picker.replaceArmed = false;
    else picker.replacing = null;
  });
  picker.input.addEventListener("cancel", function () { picker.replacing = null; });
  picker.camera.addEventListener("click", function () { picker.replacing = null; });
}

/* "Qual documento você vai anexar?": one radio per kind, the first checked. */
function kindChoice(kinds) {
  var radios = el("fieldset", { class: "choice-group" }, el("legend", { text: "Qual documento você vai anexar?" }));
  kinds.forEach(function (kind, index) {
    var id = "f-kind-" + kind;
    radios.appendChild(el("div", { class: "field field--check" },
      el("input", { type: "radio", id: id, name: KIND_NAME, value: kind, checked: index === 0, "aria-describedby": id + "-dica" }),
      el("label", { for: id, text: PROOF[kind].label }),
      el("p", { class: "hint", id: id + "-dica", text: PROOF[kind].hint })));
  });
  return radios;
}

function chosenKind(picker) {
  if (picker.kinds.length === 1) return picker.kinds[0];
  var checked = picker.node.querySelector('input[name="' + KIND_NAME + '"]:checked');
  return checked ? checked.value : picker.kinds[0];
}

function fileField(picker) {
  return el("div", { class: "field file-control" },
    el("p", { class: "hint", id: INPUT_ID + "-dica", text: T.fileTypes + " " + PREFER_PDF + " Pode anexar mais de um, como frente e verso." }),
    el("div", { class: "file-control__buttons" },
      picker.input, picker.chooseLabel,
      el("span", { class: "file-control__camera" }, picker.camera,
        el("label", { for: CAMERA_ID, class: "button button--secondary button-secondary file-control__button", text: "Tirar foto" }))));
}

/* The progress of the file being sent: {node, set(name, fraction)}; hidden until the first. */
function progressBar() {
  var bar = el("progress", { id: "f-progresso", max: "100", value: "0", "aria-labelledby": "f-progresso-rotulo" });
  var label = el("span", { id: "f-progresso-rotulo", text: "Envio do arquivo" });
  var percent = el("span", { class: "progress__percent", "aria-hidden": "true", text: "0%" });
  var node = el("div", { class: "progress", hidden: true },
    el("p", { class: "progress__label" }, label, " ", percent), bar);
  return {
    node: node,
    set: function (name, fraction) {
      var value = Math.round(fraction * 100);
      node.hidden = false;
      bar.value = value;
      bar.setAttribute("value", String(value));
      label.textContent = (value >= 100 ? "Enviado: " : "Enviando ") + name;
      percent.textContent = value + "%";
    },
  };
}

function fileList() {
  return {
    title: el("p", { class: "files__title", id: "f-anexos-titulo", hidden: true, text: "Arquivos anexados:" }),
    node: el("ul", { class: "files", "aria-labelledby": "f-anexos-titulo" }),
  };
}

function drawFiles(picker) {
  picker.list.node.textContent = "";
  picker.list.title.hidden = picker.files.length === 0;
  picker.chooseLabel.textContent = picker.files.length ? "Anexar outro arquivo" : "Escolher arquivo";
  picker.files.forEach(function (file) { picker.list.node.appendChild(fileRow(picker, file)); });
}

/* One file sent: "comprovante.pdf — 618 KB", its kind when the group takes several, and
   buttons that replace it or take it off the list. */
function fileRow(picker, file) {
  var change = button("Trocar arquivo", { class: "button button--link" });
  change.appendChild(srOnly(" " + file.name));
  change.addEventListener("click", function () {
    picker.replacing = file;
    picker.replaceArmed = true;
    picker.input.click();
  });
  var remove = button("Remover", { class: "button button--link" });
  remove.appendChild(srOnly(" " + file.name));
  remove.addEventListener("click", function () {
    picker.files = picker.files.filter(function (other) { return other !== file; });
    drawFiles(picker);
    announce("Arquivo " + file.name + " retirado.");
    picker.input.focus();
  });
  var kind = picker.kinds.length > 1 ? " (" + PROOF[file.kind].name + ")" : "";
  return el("li", { class: "files__item" },
    el("span", { class: "files__name", text: file.name }),
    el("span", { class: "files__size", text: " — " + formatSize(file.size) + kind }),
    el("span", { class: "files__actions" }, change, remove));
}

/* The files just chosen: checked here (a refusal shows at once), then sent one after the
   other; the field is off meanwhile, and what went wrong in sending is added at the end. */
function uploadChosen(picker, from) {
  var input = picker.input;
  var chosen = Array.prototype.slice.call(from.files || []);
  if (!chosen.length) return;
  clearFieldError(input);
  from.value = "";
  picker.busy = true;
  input.disabled = true;
  picker.camera.disabled = true;
  sortChosen(picker, chosen).then(function (sorted) {
    reportProblems(input, sorted.problems);
    return sendAll(picker, sorted.ready).then(function (failures) {
      if (failures.length) reportProblems(input, sorted.problems.concat(failures));
    });
  }).then(function () {
    picker.busy = false;
    picker.replacing = null;
    input.disabled = false;
    picker.camera.disabled = false;
    input.focus();
  });
}

/* Resolves the messages of the files that failed to go, sent one after the other. */
function sendAll(picker, ready) {
  var failures = [];
  var chain = Promise.resolve();
  ready.forEach(function (pair) {
    chain = chain.then(function () {
      return uploadOne(picker, pair[0], pair[1]).then(function (result) {
        if (!result.ok) failures.push(result.message);
      });
    });
  });
  return chain.then(function () { return failures; });
}

/* Resolves {ready: [[file, contentType]], problems: [text]}: the files that may be sent, the others. */
function sortChosen(picker, chosen) {
  return Promise.all(chosen.map(checkFile)).then(function (checks) {
    var problems = [];
    var ready = [];
    checks.forEach(function (check, index) {
      if (check.error) problems.push(check.error);
      else if (picker.files.length - (picker.replacing ? 1 : 0) + ready.length >= MAX_FILES) problems.push(T.tooManyFiles);
      else ready.push([chosen[index], check.contentType]);
    });
    return { ready: ready, problems: problems };
  });
}

function reportProblems(input, problems) {
  if (!problems.length) return;
  var unique = problems.filter(function (text, index) { return problems.indexOf(text) === index; });
  setFieldError(input, unique.join(" "));
  announce(unique.join(" "));
}

/* One file: the API grants the upload (and checks name, type and size), then it goes to
   storage; on success it joins the list. Resolves {ok, message}. */
function uploadOne(picker, file, contentType) {
  picker.progress.set(file.name, 0);
  var kind = chosenKind(picker);
  return call("/me/uploads", {
    method: "POST", auth: true,
    body: { filename: file.name, content_type: contentType, size: file.size, kind: kind },
  }).then(function (answer) {
    if (!answer.ok) {
      var fields = answer.data.fields || {};
      var texts = Object.keys(fields).map(function (key) { return fields[key]; });
      return { ok: false, message: "Arquivo " + file.name + ": " + (texts.join(" ") || answer.data.message) };
    }
    return sendToStorage(answer.data, file, function (fraction) { picker.progress.set(file.name, fraction); })
      .then(function (sent) {
        if (!sent.ok) return sent;
        picker.progress.set(file.name, 1);
        var stored = { upload_id: answer.data.upload_id, name: file.name, size: file.size, kind: kind };
        var replaced = picker.files.indexOf(picker.replacing);
        picker.replacing = null;
        if (replaced >= 0) picker.files.splice(replaced, 1, stored);
        else picker.files.push(stored);
        drawFiles(picker);
        announce("Arquivo " + file.name + " anexado.");
        return { ok: true };
      });
  });
}
