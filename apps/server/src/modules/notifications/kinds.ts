/** The channels a notification can go out on; each user switches them per kind. */
export interface ChannelSwitches {
  inApp: boolean;
  email: boolean;
  robot: boolean;
}

/**
 * Notification kinds and their default channels (what a user gets before changing anything).
 * A kind's e-mail uses the template with the same key when there is one, else 'general'.
 * Later modules add their own with registerNotificationKind(); the web app shows
 * `notifications.kinds.<kind>` as its label (falling back to the kind itself).
 */
const KINDS = new Map<string, ChannelSwitches>([
  ['task_reminder', { inApp: true, email: true, robot: false }],
  ['record_assigned', { inApp: true, email: false, robot: false }],
  ['no_follow_up', { inApp: true, email: true, robot: false }],
  ['general', { inApp: true, email: false, robot: false }],
]);

export const KIND_PATTERN = /^[a-z][a-z0-9_]{1,40}$/;

export function registerNotificationKind(kind: string, defaults: ChannelSwitches) {
  if (!KIND_PATTERN.test(kind)) throw new Error(`notification kind '${kind}' must be lower-case letters, digits and _`);
  KINDS.set(kind, defaults);
}

export function notificationKinds(): string[] {
  return [...KINDS.keys()];
}

export function kindDefaults(kind: string): ChannelSwitches | undefined {
  return KINDS.get(kind);
}
