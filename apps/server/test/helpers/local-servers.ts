import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** The edge of the world for notification tests: a real SMTP server and a real webhook receiver. */

export interface ReceivedMail {
  mail: ParsedMail;
  raw: string;
  envelope: { from: string; to: string[] };
}

/** `reject`: recipients refused at RCPT TO with a permanent 550 (a hard bounce). */
export async function startSmtpServer(options: { user?: string; pass?: string; reject?: (address: string) => boolean } = {}) {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: !options.user,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === options.user && auth.password === options.pass) cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, cb) {
      if (!options.reject?.(address.address)) return cb();
      cb(Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 }));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then((mail) => {
          received.push({ mail, raw: raw.toString('latin1'), envelope: { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) } });
          cb();
        }, cb);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = ((server as unknown as { server: Server }).server.address() as AddressInfo).port;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export interface ReceivedPost {
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** Answers each POST with the next scripted reply (default {"errcode":0,"errmsg":"ok"}). */
export async function startWebhookServer() {
  const received: ReceivedPost[] = [];
  const replies: Array<{ status: number; body: string }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const reply = replies.shift() ?? { status: 200, body: '{"errcode":0,"errmsg":"ok"}' };
      res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, received, replies, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Polls until check returns a value (not undefined, null or false; no fixed sleeps); fails after timeoutMs. */
export async function waitFor<T>(check: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Polls until check returns a value, for as long as the work moves: fails only when `progress`
 * (anything that changes while the work advances: a count of rows done, a child's CPU time) stays
 * the same for idleMs, or `alive` says the worker is gone. A loaded machine is slow, not stuck, so
 * no wall-clock deadline decides.
 */
export async function waitForProgress<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  progress: () => unknown | Promise<unknown>,
  { idleMs = 30_000, what = 'condition', alive = () => true }: { idleMs?: number; what?: string; alive?: () => boolean } = {},
): Promise<T> {
  let last = JSON.stringify(await progress());
  let movedAt = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (!alive()) throw new Error(`gave up waiting for ${what}: the worker is gone`);
    const now = JSON.stringify(await progress());
    if (now !== last) [last, movedAt] = [now, Date.now()];
    else if (Date.now() - movedAt > idleMs) throw new Error(`no progress for ${idleMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** CPU time (ms) a process has used so far, from /proc (Linux); null elsewhere. A child burning CPU is making progress. */
export function cpuMsOf(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in clock ticks of 10 ms
  } catch {
    return null;
  }
}
