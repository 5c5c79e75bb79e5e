// The designer's requests: its JSON API under /api/events/{id}; a refusal is an Error whose
// message is the server's one line.

export function client(base) {
  async function answerError(r) {
    try {
      return (await r.json()).error || `${r.status} ${r.statusText}`;
    } catch {
      return `${r.status} ${r.statusText}`;
    }
  }
  async function api(path, options = {}) {
    let r;
    try {
      r = await fetch(`${base}${path}`, { credentials: "same-origin", ...options });
    } catch {
      throw new Error("the server did not answer; is badgepress serve still running?");
    }
    if (!r.ok) throw new Error(await answerError(r));
    return r;
  }
  function post(path, body, method = "POST") {
    return api(path, { method, headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body) });
  }
  return { api, post };
}
