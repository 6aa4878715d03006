// The service's API as the page uses it. Paths are relative, so the page also works behind a path prefix.

const TOKEN_KEY = 'batch-tracker.write-token';
const BASE = 'api/v1/parallel';

/** The write token lives in sessionStorage only: never in the URL, gone when the tab closes. */
export const writeToken = {
  get: () => sessionStorage.getItem(TOKEN_KEY) ?? '',
  set: (value) => (value ? sessionStorage.setItem(TOKEN_KEY, value) : sessionStorage.removeItem(TOKEN_KEY)),
};

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }
}

/** The Authorization header when the tab holds a write token. */
export function authHeaders() {
  const token = writeToken.get();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

async function getJson(path, { signal } = {}) {
  const headers = { Accept: 'application/json', ...authHeaders() };
  let response;
  try {
    response = await fetch(path, { headers, signal, cache: 'no-store' });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, { title: 'The service cannot be reached', detail: 'The service cannot be reached' });
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

/** A query string; an array value repeats its parameter (status=a&status=b). */
function query(params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const one of Array.isArray(value) ? value : [value]) {
      if (one !== null && one !== undefined && one !== '') q.append(key, String(one));
    }
  }
  const text = q.toString();
  return text ? `?${text}` : '';
}

/** The list filters as query parameters: { status: [], label: ['key:value' | 'key'], canvas_path_prefix }. */
function filterParams(filter) {
  return { status: filter.status ?? [], label: filter.label ?? [], canvas_path_prefix: filter.canvas_path_prefix };
}

const enc = encodeURIComponent;

export const api = {
  sessions: (filter, { cursor, limit }, options) =>
    getJson(`${BASE}/sessions${query({ ...filterParams(filter), cursor, limit })}`, options),
  counts: (filter, options) => getJson(`${BASE}/sessions/counts${query(filterParams(filter))}`, options),
  /** The list's live feed (the same URL, asked for text/event-stream); limit caps its first events. */
  feedUrl: (filter, limit) => `${BASE}/sessions${query({ ...filterParams(filter), limit })}`,
  metrics: (options) => getJson(`${BASE}/metrics`, options),
  /** How the sessions that finished in [since, until) did, under the list's filters. */
  analytics: (filter, since, until, options) =>
    getJson(`${BASE}/analytics${query({ ...filterParams(filter), since, until })}`, options),
  status: (taskId, options) => getJson(`${BASE}/status/${enc(taskId)}`, options),
  nodes: (taskId, { status, cursor, limit }, options) =>
    getJson(`${BASE}/sessions/${enc(taskId)}/nodes${query({ status, cursor, limit })}`, options),
  /**
   * The stream URL. lastVersion: the version the page already shows, so the server withholds a snapshot
   * that is not newer. The browser's own reconnects send the Last-Event-ID header, which takes precedence.
   */
  streamUrl: (taskId, lastVersion) =>
    `${BASE}/status/${enc(taskId)}${query({ last_event_id: lastVersion })}`,
};
