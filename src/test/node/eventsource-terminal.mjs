// A spec-following SSE client (the npm eventsource package, which follows the WHATWG rules) watches one session of
// the service at SERVICE_URL until it is finished, then is left alone: it must not be reopened, and must end CLOSED
// by itself (the server answers its reconnect with 204 No Content). Prints one JSON report of what happened; the
// JUnit test (EventSourceClientTest) judges it. SETTLE_MS bounds the wait after the terminal event.
import { EventSource } from 'eventsource';

const base = process.env.SERVICE_URL;
const settleMs = Number(process.env.SETTLE_MS ?? 15000);
const terminal = new Set(['completed', 'partial_failure', 'failed', 'cancelled']);

async function call(method, path, body) {
  const response = await fetch(`${base}/api/v1/parallel${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  }
  return response.json();
}

const session = await call('POST', '/sessions', { canvas_path: 'conformance/eventsource', node_count: 1 });
const report = { task_id: session.task_id, opens: 0, events: [], requests: [], errors: [], final_ready_state: null };

// Every request the client makes, with the Last-Event-ID it sends and the status it gets.
function recordingFetch(url, init) {
  const entry = { last_event_id: new Headers(init?.headers).get('last-event-id'), status: null };
  report.requests.push(entry);
  return fetch(url, init).then((response) => {
    entry.status = response.status;
    return response;
  });
}

const source = new EventSource(`${base}/api/v1/parallel/status/${session.task_id}`, { fetch: recordingFetch });

await new Promise((resolve, reject) => {
  let driven = false;
  let settle;
  const overall = setTimeout(() => done(), 4 * settleMs); // no terminal event at all: report what there was
  const done = () => {
    clearTimeout(settle);
    clearTimeout(overall);
    resolve();
  };
  source.addEventListener('open', () => {
    report.opens += 1;
    if (report.opens > 1) {
      done(); // reopened after the end: conclusive
    }
  });
  source.addEventListener('error', (event) => {
    report.errors.push({ code: event.code ?? null, message: event.message ?? null, ready_state: source.readyState });
    if (source.readyState === EventSource.CLOSED) {
      done();
    }
  });
  source.addEventListener('status', (event) => {
    const doc = JSON.parse(event.data);
    report.events.push({ id: event.lastEventId, status: doc.status, version: doc.version });
    if (!driven) {
      driven = true; // the stream is open and has its first snapshot: now finish the session
      call('POST', `/sessions/${session.task_id}/transitions`, { to: 'running' })
        .then(() => call('PUT', `/sessions/${session.task_id}/nodes/n1`, { status: 'completed' }))
        .catch(reject);
    }
    if (terminal.has(doc.status)) {
      settle = setTimeout(done, settleMs);
    }
  });
});

report.final_ready_state = source.readyState;
source.close();
console.log(JSON.stringify(report));
