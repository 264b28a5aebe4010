import { permissionCommands, type BrokerUser } from './broker-users';

/** Runs one `rabbitmqctl` command (arguments without the command) and gives its stdout. */
export type RabbitmqctlRunner = (args: string[]) => Promise<string>;

const ALREADY_EXISTS = /already.?exists/i;

/**
 * Creates the vhost (unless `/`) and the users, and sets their permissions. Re-running is safe: an
 * existing vhost is kept, an existing user gets the current password, permissions are replaced.
 */
export async function applyBrokerSetup(run: RabbitmqctlRunner, vhost: string, users: readonly BrokerUser[]): Promise<void> {
  if (vhost !== '/') await ignoreExisting(run(['add_vhost', vhost]));
  for (const user of users) {
    try {
      await run(['add_user', user.name, user.password]);
    } catch (error) {
      if (!ALREADY_EXISTS.test(messageOf(error))) throw error;
      await run(['change_password', user.name, user.password]);
    }
    for (const command of permissionCommands(user, vhost)) await run(command);
  }
}

/** Removes the users (a test's clean-up; the vhost is the caller's). */
export async function removeBrokerUsers(run: RabbitmqctlRunner, users: readonly BrokerUser[]): Promise<void> {
  for (const user of users) await run(['delete_user', user.name]).catch(() => undefined);
}

async function ignoreExisting(pending: Promise<string>): Promise<void> {
  try {
    await pending;
  } catch (error) {
    if (!ALREADY_EXISTS.test(messageOf(error))) throw error;
  }
}

function messageOf(error: unknown): string {
  const { message, stderr, stdout } = error as { message?: string; stderr?: string; stdout?: string };
  return `${message ?? ''} ${stderr ?? ''} ${stdout ?? ''}`;
}
