// One session's SSE stream. The browser reconnects by itself after a drop and sends Last-Event-ID, so the
// server resumes from the version the page already has. This wrapper only names the connection state and
// closes the stream for good once nothing more can come (terminal status, or the session is gone).

/** States shown to the user: connecting → live ⇄ reconnecting → closed. */
export const CONNECTION_LABELS = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  closed: 'Closed',
};

/**
 * @param url the status URL (the server answers it as an event stream when asked for text/event-stream)
 * @param handlers onStatus(doc), onGone({task_id, reason}), onState(state), onFailed() when the server refused
 */
export function openStream(url, { onStatus, onGone, onState, onFailed }) {
  const source = new EventSource(url);
  let everOpen = false;
  let closed = false;

  const close = () => {
    if (closed) return;
    closed = true;
    source.close(); // without this the browser would reconnect after the server ends the stream
    onState('closed');
  };

  onState('connecting');
  source.addEventListener('open', () => {
    everOpen = true;
    if (!closed) onState('live');
  });
  source.addEventListener('error', () => {
    if (closed) return;
    if (source.readyState === EventSource.CLOSED) {
      // The server answered with an error (404/410/503) instead of a stream: the browser gives up.
      close();
      onFailed?.();
    } else {
      onState(everOpen ? 'reconnecting' : 'connecting');
    }
  });
  source.addEventListener('status', (event) => {
    if (closed) return;
    let doc;
    try {
      doc = JSON.parse(event.data);
    } catch {
      return;
    }
    onStatus(doc);
  });
  source.addEventListener('gone', (event) => {
    if (closed) return;
    let info = {};
    try {
      info = JSON.parse(event.data);
    } catch {
      // still gone, reason unknown
    }
    close();
    onGone(info);
  });

  return { close, isClosed: () => closed };
}
