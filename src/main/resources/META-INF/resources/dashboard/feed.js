// The live feed of a filtered session list, read with fetch rather than EventSource: the list may need the
// write token, and EventSource cannot send an Authorization header. The parsing follows the SSE rules the feed
// uses (event, data, id, retry; comments ignored); the reconnect resumes from the last id the page received,
// so a drop loses nothing while the server still holds that position. A 410 means it does not: the page must
// list again, and the feed starts over without a position.

const DEFAULT_RETRY_MS = 3000;

/**
 * @param url the list URL with its filters (asked for text/event-stream)
 * @param headers() extra request headers, read on every (re)connect (the write token may change)
 * @param handlers onEvent(type, data), onState('connecting'|'live'|'reconnecting'|'closed'),
 *        onResync() when the server no longer holds the position, onDenied(status) on 401/403
 */
export function openFeed(url, headers, { onEvent, onState, onResync, onDenied }) {
  const aborter = new AbortController();
  let lastEventId = null;
  let retryMs = DEFAULT_RETRY_MS;
  let closed = false;
  let everLive = false;
  let timer = null;

  const close = () => {
    if (closed) return;
    closed = true;
    clearTimeout(timer);
    aborter.abort();
    onState('closed');
  };

  const reconnect = () => {
    if (closed) return;
    onState(everLive ? 'reconnecting' : 'connecting');
    timer = setTimeout(connect, retryMs);
  };

  async function connect() {
    if (closed) return;
    const request = { Accept: 'text/event-stream', ...headers() };
    if (lastEventId !== null) request['Last-Event-ID'] = lastEventId;
    let response;
    try {
      response = await fetch(url, { headers: request, signal: aborter.signal, cache: 'no-store' });
    } catch (e) {
      if (e.name !== 'AbortError') reconnect();
      return;
    }
    if (response.status === 410) {
      lastEventId = null;
      onResync();
      connect();
      return;
    }
    if (response.status === 401 || response.status === 403) {
      close();
      onDenied(response.status);
      return;
    }
    if (response.status >= 400 && response.status < 500) {
      close(); // a request the service refuses (a bad filter) would be refused again: retrying cannot help
      return;
    }
    if (!response.ok || !response.body) {
      reconnect(); // 5xx, e.g. the subscriber limit: try again after the retry interval
      return;
    }
    everLive = true;
    onState('live');
    try {
      await read(response.body);
    } catch (e) {
      if (e.name === 'AbortError') return;
    }
    reconnect(); // the server ended the stream (a restart, a slow reader cut off): resume from the last id
  }

  async function read(body) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let type = '';
    let data = [];
    let id = null;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let newline;
      while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
        if (line === '') {
          if (id !== null) lastEventId = id;
          if (data.length > 0 && !closed) onEvent(type || 'message', data.join('\n'));
          type = '';
          data = [];
          id = null;
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let text = colon < 0 ? '' : line.slice(colon + 1);
        if (text.startsWith(' ')) text = text.slice(1);
        if (field === 'event') type = text;
        else if (field === 'data') data.push(text);
        else if (field === 'id' && !text.includes('\0')) id = text;
        else if (field === 'retry' && /^\d+$/.test(text)) retryMs = Number(text);
      }
    }
  }

  onState('connecting');
  connect();
  return { close };
}
