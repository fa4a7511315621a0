/**
 * What stands between the client's bytes and the server's handlers: a reader of LSP's framing that
 * recovers from a malformed header instead of going deaf, and the lifecycle LSP prescribes (no
 * request served before `initialize`, none after `shutdown`).
 */
import {
  AbstractMessageReader,
  ErrorCodes,
  type DataCallback,
  type Disposable,
  type Message,
  type MessageReader,
  type MessageWriter,
} from 'vscode-languageserver/node.js';

/**
 * The largest message read, in bytes of its body: a document's text travels in one message, and a
 * document above the server's limit (MAX_DOCUMENT_BYTES) is not checked anyway. A larger message is
 * skipped as it arrives, never held whole.
 */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
/** Headers longer than this without their blank line are not headers. */
const MAX_HEADER_BYTES = 8 * 1024;
const SEPARATOR = Buffer.from('\r\n\r\n');
/** A header may follow a body directly (no line break between them). */
const CONTENT_LENGTH = /content-length:/i;

/**
 * Reads LSP's base protocol (`Content-Length: N` ⏎ ⏎ N bytes of JSON) from a stream. After one
 * malformed header (`Content-Length: abc`, no Content-Length, no blank line within 8 KB) or a body
 * that is not JSON, it says so once through `log` and goes on with the next message: it looks for
 * the next `Content-Length:` header and reads on from there. (vscode-jsonrpc's reader stops reading
 * for good after one bad header, so the server neither answers nor exits and the editor does not
 * restart it.)
 */
export class RecoveringReader extends AbstractMessageReader implements MessageReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** The body length of the message being read, once its header is read. */
  private bodyLength = -1;
  /** Bytes still to be thrown away of a message over the limit. */
  private skipping = 0;

  constructor(
    private readonly stream: NodeJS.ReadableStream,
    private readonly log: (message: string) => void,
    private readonly maxBytes = MAX_MESSAGE_BYTES,
  ) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    const data = (chunk: Buffer | string) => this.onData(typeof chunk === 'string' ? Buffer.from(chunk) : chunk, callback);
    const error = (e: Error) => this.fireError(e);
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      this.fireClose();
    };
    this.stream.on('data', data);
    this.stream.on('error', error);
    this.stream.on('close', close);
    this.stream.on('end', close);
    return {
      dispose: () => {
        this.stream.off('data', data);
        this.stream.off('error', error);
        this.stream.off('close', close);
        this.stream.off('end', close);
      },
    };
  }

  private take(length: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.buffered);
    const taken = all.subarray(0, length);
    const rest = all.subarray(length);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return taken;
  }

  /** Looking for the next header after a malformed one. */
  private resyncing = false;

  private onData(chunk: Buffer, callback: DataCallback): void {
    if (this.skipping > 0) {
      const dropped = Math.min(this.skipping, chunk.length);
      this.skipping -= dropped;
      chunk = chunk.subarray(dropped);
      if (this.skipping === 0) this.bodyLength = -1;
      if (chunk.length === 0) return;
    }
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.resyncing && !this.resync()) return;
      if (this.bodyLength < 0 && !this.readHeader()) return;
      if (this.skipping > 0) {
        // The body of a message over the limit: what is here goes, the rest as it comes.
        const dropped = Math.min(this.skipping, this.buffered);
        this.take(dropped);
        this.skipping -= dropped;
        if (this.skipping > 0) return;
        this.bodyLength = -1;
        continue;
      }
      if (this.bodyLength < 0) continue;
      if (this.buffered < this.bodyLength) return;
      const body = this.take(this.bodyLength);
      this.bodyLength = -1;
      let message: Message;
      try {
        message = JSON.parse(body.toString('utf8')) as Message;
      } catch {
        this.log(`a message of ${body.length} bytes is not JSON; it is ignored`);
        continue;
      }
      if (message === null || typeof message !== 'object') {
        this.log('a message is not a JSON-RPC object; it is ignored');
        continue;
      }
      callback(message);
    }
  }

  /** Reads one header block; false when more bytes are needed. A malformed one starts a resync (and returns true, to go on). */
  private readHeader(): boolean {
    if (this.buffered === 0) return false;
    const head = this.take(this.buffered);
    this.chunks = [head];
    this.buffered = head.length;
    const end = head.indexOf(SEPARATOR);
    if (end < 0) {
      if (head.length <= MAX_HEADER_BYTES) return false;
      return this.malformed('no blank line after the headers');
    }
    const lines = head.subarray(0, end).toString('latin1').split('\r\n');
    let length: number | undefined;
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon <= 0) return this.malformed(`a header line without a name: ${JSON.stringify(line.slice(0, 60))}`);
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'content-length') {
        if (!/^\d{1,15}$/.test(value)) return this.malformed(`Content-Length: ${JSON.stringify(value.slice(0, 40))} is not a number of bytes`);
        length = Number(value);
      }
    }
    if (length === undefined) return this.malformed('a header without Content-Length');
    this.take(end + SEPARATOR.length);
    this.bodyLength = length;
    if (length > this.maxBytes) {
      this.log(`a message of ${length} bytes is larger than the ${this.maxBytes / 2 ** 20} MB limit; it is skipped`);
      this.skipping = length;
    }
    return true;
  }

  /** Says once what was wrong; the bytes up to the next Content-Length header are then dropped. */
  private malformed(problem: string): boolean {
    this.log(`malformed message header (${problem}); skipped to the next message`);
    this.resyncing = true;
    // The header at fault starts here: the next one is looked for after its first byte.
    this.take(1);
    return true;
  }

  /** Drops the bytes before the next `Content-Length:`; false while none has come yet (a tail where one may be starting is kept). */
  private resync(): boolean {
    const text = this.take(this.buffered).toString('latin1');
    const next = text.search(CONTENT_LENGTH);
    const keep = next >= 0 ? text.length - next : Math.min(text.length, 15);
    this.chunks = keep > 0 ? [Buffer.from(text.slice(text.length - keep), 'latin1')] : [];
    this.buffered = keep;
    if (next < 0) return false;
    this.resyncing = false;
    return true;
  }
}

/**
 * The lifecycle of LSP, kept at the door: before the `initialize` request, a request is answered
 * "server not initialized" and a notification dropped (`exit` aside); after `shutdown`, a request
 * is answered "invalid request" and a notification dropped (`exit` aside). A second `initialize`
 * is an invalid request too. Everything else goes on to the connection.
 */
export class LifecycleReader extends AbstractMessageReader implements MessageReader {
  private state: 'new' | 'running' | 'shut down' = 'new';

  constructor(
    private readonly inner: MessageReader,
    private readonly writer: MessageWriter,
  ) {
    super();
    inner.onError((e) => this.fireError(e));
    inner.onClose(() => this.fireClose());
    inner.onPartialMessage((info) => this.firePartialMessage(info));
  }

  listen(callback: DataCallback): Disposable {
    return this.inner.listen((message) => {
      const { id, method } = message as { id?: number | string | null; method?: string };
      if (typeof method !== 'string' || method === 'exit') return callback(message);
      const request = id !== undefined && id !== null;
      const refuse = (code: number, text: string) => {
        if (request) void this.writer.write({ jsonrpc: '2.0', id, error: { code, message: text } } as Message);
      };
      if (this.state === 'new') {
        if (method !== 'initialize') return refuse(ErrorCodes.ServerNotInitialized, `${method} before initialize`);
        if (request) this.state = 'running';
        return callback(message);
      }
      if (this.state === 'shut down') return refuse(ErrorCodes.InvalidRequest, `${method} after shutdown`);
      if (method === 'initialize') return refuse(ErrorCodes.InvalidRequest, 'initialize was already sent');
      if (method === 'shutdown' && request) this.state = 'shut down';
      return callback(message);
    });
  }

  override dispose(): void {
    super.dispose();
    this.inner.dispose();
  }
}
