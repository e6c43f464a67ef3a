// The gateway's event stream (GET /api/v1/events, text/event-stream) read with fetch() and a ReadableStream rather
// than EventSource, so that the operator token travels in the Authorization header. Parsed as the HTML Living
// Standard's "Interpreting an event stream" says (server-sent events, §9.2.6): lines end in LF, CR or CRLF; "event:"
// names the event, "data:" lines are joined with LF, a line starting with ":" is a comment, an empty line dispatches.
// A stream that ends or fails is opened again after a back-off of 1 s doubling to 30 s (reset once a stream delivered
// an event).

const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 30000;

/** Splits a stream of text into events; feed() takes chunks as they arrive. */
export class EventStreamParser {
  /** @param onEvent called with (type, data) for every complete event; type "message" when the event names none */
  constructor(onEvent) {
    this.onEvent = onEvent;
    this.buffer = '';
    this.type = '';
    this.data = [];
  }

  feed(chunk) {
    this.buffer += chunk;
    let end;
    while ((end = this.lineEnd()) >= 0) {
      const line = this.buffer.slice(0, end);
      const crlf = this.buffer[end] === '\r' && this.buffer[end + 1] === '\n';
      this.buffer = this.buffer.slice(end + (crlf ? 2 : 1));
      this.line(line);
    }
  }

  lineEnd() {
    const lf = this.buffer.indexOf('\n');
    const cr = this.buffer.indexOf('\r');
    if (cr >= 0 && cr === this.buffer.length - 1) {
      // a CR at the end of a chunk may be the first half of a CRLF: wait for the next chunk
      return lf >= 0 && lf < cr ? lf : -1;
    }
    if (lf < 0) return cr;
    if (cr < 0) return lf;
    return Math.min(lf, cr);
  }

  line(line) {
    if (line === '') {
      if (this.data.length > 0) {
        this.onEvent(this.type || 'message', this.data.join('\n'));
      }
      this.type = '';
      this.data = [];
      return;
    }
    if (line.startsWith(':')) {
      return;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }
    if (field === 'event') {
      this.type = value;
    } else if (field === 'data') {
      this.data.push(value);
    }
  }
}

/**
 * Keeps one event stream open.
 *
 * @param api      the Api (token, 401 handling)
 * @param handlers { onEvent(type, json), onState(state, detail), onOpen() }; state is "open", "waiting" or "token"
 */
export class EventFeed {
  constructor(api, handlers) {
    this.api = api;
    this.handlers = handlers;
    this.delay = FIRST_DELAY_MS;
    this.stopped = false;
  }

  start() {
    this.connect();
  }

  async connect() {
    const controller = new AbortController();
    let delivered = false;
    try {
      const sentToken = this.api.token();
      const response = await this.api.openEvents(controller.signal);
      if (response.status === 401) {
        controller.abort();
        this.handlers.onState('token', 'the gateway asks for the operator token');
        if (await this.api.tokenRefused(sentToken)) {
          this.delay = FIRST_DELAY_MS;
          return this.retry(0);
        }
        return this.retry(this.delay);
      }
      if (!response.ok || !response.body) {
        throw new Error(`GET /api/v1/events answered ${response.status}`);
      }
      this.handlers.onState('open', '');
      this.handlers.onOpen();
      const parser = new EventStreamParser((type, data) => {
        delivered = true;
        this.delay = FIRST_DELAY_MS;
        let parsed;
        try {
          parsed = JSON.parse(data);
        } catch (e) {
          console.warn('event', type, 'is not JSON:', data.slice(0, 200));
          return;
        }
        this.handlers.onEvent(type, parsed);
      });
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.feed(value);
      }
      throw new Error('the gateway closed the event stream');
    } catch (e) {
      controller.abort();
      const wait = delivered ? FIRST_DELAY_MS : this.delay;
      this.handlers.onState('waiting', `${e.message}; trying again in ${Math.round(wait / 1000)} s`);
      this.retry(wait);
    }
  }

  retry(wait) {
    if (this.stopped) return;
    this.delay = Math.min(this.delay * 2, MAX_DELAY_MS);
    setTimeout(() => this.connect(), wait);
  }
}
