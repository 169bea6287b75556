/**
 * A minimal client of Firefox's Remote Debugging Protocol (the DevTools one, not WebDriver BiDi),
 * enough to watch an add-on's own documents: its background page and any extension page. BiDi
 * (what puppeteer-core speaks) lists only tabs, so the background page's console and errors
 * reach the automation through this second channel only (probed with Firefox ESR 153: no BiDi
 * browsing context, realm or log entry for `_generated_background_page.html`).
 *
 * Firefox must run with `--start-debugger-server PORT` and the prefs of `RDP_PREFS`.
 * Packets are `length:JSON` (length in bytes of the UTF-8 JSON), each request answered in order
 * by the actor it was sent to; events are packets with a `type` the actor sends unprompted.
 */
import { connect, createServer, type Socket } from 'node:net';

/** Firefox prefs that let a local client attach to the debugger server without a prompt. */
export const RDP_PREFS: Record<string, unknown> = {
  'devtools.debugger.remote-enabled': true,
  'devtools.chrome.enabled': true,
  'devtools.debugger.prompt-connection': false,
};

/** One console message or error of an add-on document, as the watcher reports it. */
export interface AddonLogRecord {
  kind: 'console' | 'error';
  /** Console level (`error`, `warn`, `log`, …) or `pageerror` for an uncaught error or rejection. */
  type: string;
  /** The message; for an error its stack (`fn@file:line:col` lines) follows on new lines. */
  text: string;
  /** URL of the add-on document it came from (`moz-extension://UUID/…`). */
  source: string;
}

type Packet = Record<string, unknown> & { from?: string; type?: string; error?: string; message?: string };

/** Packet types that actors send unprompted (they must not be taken as a reply). */
const EVENT_TYPES = new Set([
  'resources-available-array',
  'resources-updated-array',
  'resources-destroyed-array',
  'target-available-form',
  'target-destroyed-form',
  'evaluationResult',
  'addonListChanged',
  'tabListChanged',
  'workerListChanged',
  'descriptor-destroyed',
  'frameUpdate',
  'tabNavigated',
]);

/** A free TCP port on 127.0.0.1 (the OS picks it; a race with another process is possible but rare). */
export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

class RdpConnection {
  private buffer = Buffer.alloc(0);
  private readonly pending = new Map<string, { resolve: (p: Packet) => void; reject: (e: Error) => void }[]>();
  private readonly listeners: ((p: Packet) => void)[] = [];

  constructor(private readonly socket: Socket) {
    socket.on('data', (chunk) => {
      this.buffer = Buffer.concat([this.buffer, chunk as Buffer]);
      this.drain();
    });
    socket.on('close', () => {
      for (const queue of this.pending.values()) for (const p of queue.splice(0)) p.reject(new Error('RDP connection closed'));
    });
  }

  private drain(): void {
    for (;;) {
      const colon = this.buffer.indexOf(58); // ':'
      if (colon < 0) return;
      const length = Number(this.buffer.subarray(0, colon).toString('ascii'));
      if (this.buffer.length < colon + 1 + length) return;
      const packet = JSON.parse(this.buffer.subarray(colon + 1, colon + 1 + length).toString('utf8')) as Packet;
      this.buffer = this.buffer.subarray(colon + 1 + length);
      const queue = this.pending.get(packet.from ?? '');
      const isEvent = typeof packet.type === 'string' && EVENT_TYPES.has(packet.type);
      if (!isEvent && queue?.length) {
        const waiter = queue.shift()!;
        if (packet.error) waiter.reject(new Error(`RDP ${packet.error}: ${packet.message ?? ''}`));
        else waiter.resolve(packet);
      } else {
        for (const l of [...this.listeners]) l(packet);
      }
    }
  }

  /** Calls `listener` with every packet that is not a reply; returns a function that stops it. */
  onEvent(listener: (p: Packet) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** Sends `{ to, type, ...params }`; resolves with the actor's reply, rejects on an `error` reply. */
  request(to: string, type: string, params: Record<string, unknown> = {}): Promise<Packet> {
    return new Promise((resolve, reject) => {
      const queue = this.pending.get(to) ?? [];
      queue.push({ resolve, reject });
      this.pending.set(to, queue);
      const json = JSON.stringify({ to, type, ...params });
      this.socket.write(`${Buffer.byteLength(json, 'utf8')}:${json}`);
    });
  }

  /** Resolves with the root actor's greeting (the first packet of a connection). */
  hello(): Promise<Packet> {
    return new Promise((resolve, reject) => this.pending.set('root', [{ resolve, reject }]));
  }

  close(): void {
    this.socket.destroy();
  }
}

interface TargetForm {
  actor: string;
  consoleActor: string;
  url: string;
}

/** Renders an RDP stack (`[{ filename, lineNumber, columnNumber, functionName }]`) as Firefox does. */
function renderStack(frames: unknown): string {
  if (!Array.isArray(frames)) return '';
  return frames
    .map((f: { functionName?: string | null; filename?: string; lineNumber?: number; columnNumber?: number }) =>
      `${f.functionName ?? ''}@${f.filename ?? ''}:${f.lineNumber ?? 0}:${f.columnNumber ?? 0}`,
    )
    .join('\n');
}

/** Text of a console argument as the console shows it (strings as-is, grips by class). */
function argText(arg: unknown): string {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object') {
    const grip = arg as { type?: string; class?: string; preview?: { message?: string; name?: string }; text?: string };
    if (grip.type === 'undefined' || grip.type === 'null') return grip.type;
    if (grip.type === 'longString') return grip.text ?? '';
    if (grip.preview?.message !== undefined) return `${grip.preview.name ?? grip.class ?? 'Error'}: ${grip.preview.message}`;
    return grip.class ? `[object ${grip.class}]` : JSON.stringify(arg);
  }
  return String(arg);
}

/**
 * Watches every document of one add-on (background page, extension pages in tabs) for console
 * messages and uncaught errors (unhandled rejections included), through the add-on's DevTools
 * watcher. DevTools' watcher is meant to send the documents' cached messages when it starts (so
 * what the background logged while starting); no test here proves it, since our background logs
 * nothing then.
 */
export class AddonWatcher {
  private readonly targets = new Map<string, TargetForm>();

  private constructor(
    private readonly rdp: RdpConnection,
    private readonly onRecord: (r: AddonLogRecord) => void,
  ) {}

  /**
   * Connects to the debugger server on 127.0.0.1:`port` (retrying for up to `timeoutMs` while
   * Firefox starts it) and watches the add-on `addonId`; each record goes to `onRecord`.
   * @throws When the server never answers or no installed add-on has that id.
   */
  static async attach(port: number, addonId: string, onRecord: (r: AddonLogRecord) => void, timeoutMs = 15_000): Promise<AddonWatcher> {
    const end = Date.now() + timeoutMs;
    let rdp: RdpConnection | null = null;
    for (;;) {
      try {
        const socket = await new Promise<Socket>((resolve, reject) => {
          const s = connect(port, '127.0.0.1', () => resolve(s));
          s.once('error', reject);
        });
        rdp = new RdpConnection(socket);
        await rdp.hello();
        break;
      } catch (error) {
        rdp?.close();
        if (Date.now() > end) throw new Error(`no Firefox debugger server on port ${port}: ${String(error)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    const watcher = new AddonWatcher(rdp, onRecord);
    rdp.onEvent((p) => watcher.handle(p));
    const { addons } = (await rdp.request('root', 'listAddons')) as { addons?: { actor: string; id: string }[] };
    const addon = addons?.find((a) => a.id === addonId);
    if (!addon) throw new Error(`add-on ${addonId} is not installed (debugger server lists ${JSON.stringify(addons?.map((a) => a.id))})`);
    const { actor } = (await rdp.request(addon.actor, 'getWatcher', { isServerTargetSwitchingEnabled: true, isPopupDebuggingEnabled: false })) as {
      actor: string;
    };
    await rdp.request(actor, 'watchTargets', { targetType: 'frame' });
    await rdp.request(actor, 'watchResources', { resourceTypes: ['console-message', 'error-message'] });
    return watcher;
  }

  private handle(p: Packet): void {
    if (p.type === 'target-available-form') {
      const form = p.target as TargetForm & { isFallbackExtensionDocument?: boolean };
      // The fallback document is DevTools' own placeholder, not the add-on's.
      if (!form.isFallbackExtensionDocument) this.targets.set(form.actor, { actor: form.actor, consoleActor: form.consoleActor, url: form.url });
    } else if (p.type === 'target-destroyed-form') {
      this.targets.delete((p.target as TargetForm).actor);
    } else if (p.type === 'resources-available-array') {
      const source = this.targets.get(p.from ?? '')?.url ?? '';
      for (const [resourceType, resources] of p.array as [string, Record<string, unknown>[]][]) {
        for (const r of resources) {
          if (resourceType === 'console-message') {
            const args = (r.arguments as unknown[] | undefined) ?? [];
            this.onRecord({ kind: 'console', type: String(r.level ?? 'log'), text: args.map(argText).join(' '), source });
          } else if (resourceType === 'error-message') {
            const e = r.pageError as { errorMessage?: string; warning?: boolean; stacktrace?: unknown; sourceName?: string; lineNumber?: number } | undefined;
            if (!e || e.warning) continue; // warnings (CSP reports, deprecations) are not errors
            const stack = renderStack(e.stacktrace) || `@${e.sourceName ?? ''}:${e.lineNumber ?? 0}`;
            this.onRecord({ kind: 'error', type: 'pageerror', text: `${e.errorMessage ?? ''}\n${stack}`, source });
          }
        }
      }
    }
  }

  /** URL of the add-on's background page, or null while it has none. */
  backgroundUrl(): string | null {
    for (const t of this.targets.values()) if (t.url.endsWith('/_generated_background_page.html')) return t.url;
    return null;
  }

  /**
   * Evaluates `expression` in the background page (as the DevTools console would) and resolves
   * once Firefox has run it, with its result rendered as text.
   * @throws When the add-on has no background page, or the expression threw synchronously.
   */
  async evaluateInBackground(expression: string): Promise<string> {
    const target = [...this.targets.values()].find((t) => t.url.endsWith('/_generated_background_page.html'));
    if (!target) throw new Error('the add-on has no background page to evaluate in');
    return this.evaluate(target.consoleActor, expression);
  }

  /**
   * Evaluates `expression` in Firefox's parent process, with chrome privileges (the Browser
   * Console's scope: `Services`, the browser windows), and resolves with its result as text.
   * Needs `devtools.chrome.enabled` (in {@link RDP_PREFS}).
   * @throws When the parent process has no console target, or the expression threw synchronously.
   */
  async evaluateInParentProcess(expression: string): Promise<string> {
    const { processDescriptor } = (await this.rdp.request('root', 'getProcess', { id: 0 })) as { processDescriptor?: { actor: string } };
    if (!processDescriptor) throw new Error('the debugger server lists no parent process');
    const { process } = (await this.rdp.request(processDescriptor.actor, 'getTarget')) as { process?: { consoleActor: string } };
    if (!process) throw new Error('the parent process has no console target');
    return this.evaluate(process.consoleActor, expression);
  }

  private async evaluate(consoleActor: string, expression: string): Promise<string> {
    // The result event can arrive in the same chunk as the reply: listen before asking.
    const results: Packet[] = [];
    let wake: (() => void) | null = null;
    const stop = this.rdp.onEvent((p) => {
      if (p.type !== 'evaluationResult') return;
      results.push(p);
      wake?.();
    });
    try {
      const { resultID } = (await this.rdp.request(consoleActor, 'evaluateJSAsync', { text: expression })) as { resultID: string };
      for (;;) {
        const p = results.find((r) => r.resultID === resultID);
        if (p) {
          if (p.hasException) throw new Error(`evaluation threw: ${argText(p.exceptionMessage ?? p.exception)}`);
          return argText(p.result);
        }
        await new Promise<void>((resolve) => (wake = resolve));
      }
    } finally {
      stop();
    }
  }

  /** Closes the connection (Firefox keeps running). */
  close(): void {
    this.rdp.close();
  }
}
