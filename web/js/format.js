/* Formats of what the professional types and reads: CEP, phone, file size, counts, today's
   date. Numbers in pt-BR whatever the browser's language. */

export function digits(text) { return String(text || "").replace(/\D/g, ""); }

export function formatCep(text) {
  var d = digits(text).slice(0, 8);
  return d.length > 5 ? d.slice(0, 5) + "-" + d.slice(5) : d;
}

export function phoneDigits(text) {
  var d = digits(text);
  if (d.indexOf("55") === 0 && (d.length === 12 || d.length === 13)) d = d.slice(2);
  return d;
}

export function formatPhone(text) {
  var d = digits(text).slice(0, 11);
  if (d.length <= 2) return d ? "(" + d : "";
  var rest = d.slice(2);
  var split = d.length === 11 ? 5 : 4;
  return "(" + d.slice(0, 2) + ") " + (rest.length > split ? rest.slice(0, split) + "-" + rest.slice(split) : rest);
}

export function formatNumber(value, digitsAfter) {
  return new Intl.NumberFormat("pt-BR", { maximumFractionDigits: digitsAfter || 0 }).format(value);
}

export function formatSize(bytes) {
  if (bytes < 1024) return formatNumber(bytes) + (bytes === 1 ? " byte" : " bytes");
  if (bytes < 1024 * 1024) return formatNumber(Math.max(1, Math.round(bytes / 1024))) + " KB";
  return formatNumber(bytes / 1048576, 1) + " MB";
}

/* "1 solicitação", "2 solicitações": the count and the noun in its number. */
export function counted(count, one, many) {
  return formatNumber(count) + " " + (count === 1 ? one : many);
}

export function todayInBrazil() {
  try {
    return new Intl.DateTimeFormat("en-CA", { timeZone: "America/Sao_Paulo" }).format(new Date());
  } catch (e) {
    return new Date().toISOString().slice(0, 10);
  }
}
