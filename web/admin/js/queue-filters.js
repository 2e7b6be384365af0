/* The queue's filters, as the hash keeps them (#/fila?status=…&kind=…&group=…&region=…&stalled=true),
   and the API call of a page: shared by the queue and the request screen's "Próxima
   solicitação", which follows the queue the reviewer came from. */

import { call } from "./api.js";
import { state } from "./state.js";

export var PAGE_SIZE = 25;

export function readFilters(query) {
  return {
    status: query.get("status") || "in_review",
    group: query.get("group") || "",
    kind: query.get("kind") || "",
    stalled: query.get("stalled") === "true",
    region: query.get("region") || "",
  };
}

export function filtersOfHash(hash) {
  var mark = String(hash || "").indexOf("?");
  return readFilters(new URLSearchParams(mark >= 0 ? hash.slice(mark + 1) : ""));
}

export function requestsPath(filters, cursor) {
  var search = new URLSearchParams({ status: filters.status, limit: String(PAGE_SIZE) });
  if (filters.group) search.set("group", filters.group);
  if (filters.kind) search.set("kind", filters.kind);
  if (filters.region) search.set("region", filters.region);
  if (filters.stalled) search.set("stalled", "true");
  if (cursor) search.set("cursor", cursor);
  return "/staff/requests?" + search.toString();
}

/* The first request of the queue last seen that is not `done` and that nobody else holds,
   a few pages deep at most. Resolves {id} or {none: true}, or {error: message}. */
export function nextInQueue(done) {
  var filters = filtersOfHash(state.queue);
  var me = state.session.user.username;
  function page(cursor, pages) {
    return call(requestsPath(filters, cursor)).then(function (answer) {
      if (!answer.ok) return { error: answer.data.message };
      var found = (answer.data.items || []).filter(function (item) {
        return item.id !== done && (!item.assigned_to || item.assigned_to === me);
      })[0];
      if (found) return { id: found.id, protocol: found.protocol };
      if (answer.data.next_cursor && pages < 10) return page(answer.data.next_cursor, pages + 1);
      return { none: true };
    });
  }
  return page(null, 0);
}
