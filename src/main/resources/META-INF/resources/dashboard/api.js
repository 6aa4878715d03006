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

async function getJson(path, { signal } = {}) {
  const headers = { Accept: 'application/json' };
  const token = writeToken.get();
  if (token) headers.Authorization = `Bearer ${token}`;
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

function query(params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') q.set(key, String(value));
  }
  const text = q.toString();
  return text ? `?${text}` : '';
}

const enc = encodeURIComponent;

export const api = {
  sessions: ({ status, cursor, limit }, options) =>
    getJson(`${BASE}/sessions${query({ status, cursor, limit })}`, options),
  metrics: (options) => getJson(`${BASE}/metrics`, options),
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
