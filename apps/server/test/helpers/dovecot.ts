import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';

/**
 * A real IMAP server for the mail tests: Dovecot from Debian's packages, run in the foreground
 * from a config in a temp folder on a free port, one user with a maildir. Stop it with stop().
 */

const DOVECOT = '/usr/sbin/dovecot';
export const MAIL_USER = 'support@test.local';
export const MAIL_PASSWORD = 'imap-pass-1';

export interface Dovecot {
  port: number;
  /** A logged-in client (the caller logs it out). */
  client(): Promise<ImapFlow>;
  /** APPENDs raw mails to a folder (INBOX by default); returns their UIDs. */
  append(raws: (Buffer | string)[], folder?: string): Promise<number[]>;
  stop(): Promise<void>;
}

export async function startDovecot(): Promise<Dovecot> {
  if (!existsSync(DOVECOT)) throw new Error(`Dovecot is not installed (${DOVECOT} missing): run \`apt-get install -y dovecot-imapd\` (see README, prerequisites)`);
  const dir = await mkdtemp(join(tmpdir(), 'crm-dovecot-'));
  const port = await freePort();
  const root = userInfo().uid === 0;
  const hash = (await promisify(execFile)('doveadm', ['pw', '-s', 'SHA512-CRYPT', '-p', MAIL_PASSWORD])).stdout.trim();
  await mkdir(join(dir, 'mail'));
  await writeFile(join(dir, 'users'), `${MAIL_USER}:${hash}:::${join(dir, 'home')}\n`);
  // Dovecot refuses to run its login and mail processes as root: as root they run as its own users.
  const asRoot = root
    ? `default_login_user = dovenull\ndefault_internal_user = dovecot\nmail_uid = dovecot\nmail_gid = dovecot\nfirst_valid_uid = 1\n`
    : `default_login_user = ${userInfo().username}\ndefault_internal_user = ${userInfo().username}\n`;
  await writeFile(
    join(dir, 'dovecot.conf'),
    `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
${asRoot}mail_location = maildir:${dir}/mail/%u
passdb {
  driver = passwd-file
  args = scheme=SHA512-CRYPT ${dir}/users
}
userdb {
  driver = passwd-file
  args = ${dir}/users
}
service imap-login {
  inet_listener imap {
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`,
  );
  if (root) {
    await chmod(dir, 0o755);
    await chown(join(dir, 'mail'), 109, 117).catch(async () => {
      const { stdout } = await promisify(execFile)('id', ['-u', 'dovecot']);
      await chown(join(dir, 'mail'), Number(stdout.trim()), Number(stdout.trim()));
    });
    await promisify(execFile)('chown', ['-R', 'dovecot:dovecot', join(dir, 'mail')]);
  }
  const child: ChildProcess = spawn(DOVECOT, ['-c', join(dir, 'dovecot.conf'), '-F'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await waitForPort(port, child, () => stderr);

  const client = async () => {
    const c = new ImapFlow({ host: '127.0.0.1', port, secure: false, doSTARTTLS: false, auth: { user: MAIL_USER, pass: MAIL_PASSWORD }, logger: false, disableAutoIdle: true });
    c.on('error', () => {});
    await c.connect();
    return c;
  };
  return {
    port,
    client,
    async append(raws, folder = 'INBOX') {
      const c = await client();
      try {
        if (folder !== 'INBOX') await c.mailboxCreate(folder).catch(() => undefined);
        const uids: number[] = [];
        for (const raw of raws) {
          const res = await c.append(folder, raw, []);
          if (res && typeof res === 'object' && res.uid) uids.push(res.uid);
        }
        return uids;
      } finally {
        await c.logout();
      }
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Waits until the server accepts connections (progress, not a fixed sleep); fails if it exits. */
async function waitForPort(port: number, child: ChildProcess, log: () => string) {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`dovecot exited (${child.exitCode}): ${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
