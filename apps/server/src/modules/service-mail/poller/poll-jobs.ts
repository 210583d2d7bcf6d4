import type { Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import type { JobRunner } from '../../../engine/jobs/job-runner.js';
import { ApiError } from '../../../http/errors.js';
import type { DeliverInboundMail } from '../inbound-mail-type.js';
import { loadMailboxSettings, mailboxKey } from '../settings/mailbox-settings.js';
import { mailDb } from '../tables.js';
import { pollMailbox, type PollResult } from './poll-mailbox.js';

const QUEUE = 'service-mail-poll';
const TICK_MS = 5_000;

/** Per app instance: which delivery function mails go to, and the poll schedule on pg-boss. */
export class MailPolling {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly db: Kysely<Database>,
    public deliver: DeliverInboundMail | null,
  ) {}

  requireDelivery(): DeliverInboundMail {
    if (!this.deliver) throw new ApiError('conflict', 'no ticket receiver is wired to the support mailbox', [{ path: 'deliver', message: 'not wired' }]);
    return this.deliver;
  }

  /** Polls the mailbox once with the saved settings (the job's work, and the admin's "poll now"). */
  async pollNow(): Promise<PollResult> {
    const settings = await loadMailboxSettings(this.db);
    if (!settings) throw new ApiError('validation_failed', 'save the mailbox settings first', [{ path: 'host', message: 'not set' }]);
    return pollMailbox(this.db, { settings, deliver: this.requireDelivery(), ownAddresses: await ownAddresses(this.db, settings.username) });
  }

  /**
   * Every instance checks every few seconds whether the poll interval has passed and, if so, sends
   * one singleton job: pg-boss gives it to one worker, so instances do not poll in step (and if
   * they did, the claims would still hand each mail to one of them).
   */
  async start(jobs: JobRunner) {
    await jobs.boss.createQueue(QUEUE, { name: QUEUE, policy: 'singleton' });
    await jobs.work(QUEUE, { pollingIntervalSeconds: 2 }, async () => {
      if (this.deliver) await this.pollNow();
    });
    const tick = async () => {
      try {
        if (await this.due()) await jobs.boss.send(QUEUE, {}, { singletonKey: 'mailbox' });
      } catch (error) {
        if (!this.stopped) console.error('[service-mail]', error);
      }
      if (!this.stopped) this.timer = setTimeout(() => void tick(), TICK_MS);
    };
    this.timer = setTimeout(() => void tick(), TICK_MS);
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async due(): Promise<boolean> {
    if (!this.deliver) return false;
    const settings = await loadMailboxSettings(this.db);
    if (!settings?.enabled) return false;
    const state = await mailDb(this.db).selectFrom('inbound_mailbox_state').select('polled_at').where('mailbox', '=', mailboxKey(settings)).executeTakeFirst();
    return !state || Date.now() - new Date(state.polled_at).getTime() >= settings.pollIntervalSeconds * 1000;
  }
}

/** The mailbox's own address and the SMTP sender: mail from them is ours come back (a loop). */
async function ownAddresses(db: Kysely<Database>, username: string): Promise<string[]> {
  const smtp = await db.selectFrom('smtp_settings').select('from_address').where('id', '=', 1).executeTakeFirst();
  return [username, smtp?.from_address ?? ''].map((a) => a.toLowerCase()).filter((a) => a.includes('@'));
}
