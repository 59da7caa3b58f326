import type { Db } from './client.js';

/**
 * The configuration people set in chat, without any history: policy rows, approver groups, admins granted in chat,
 * channel settings (time zones, quiet hours, detector settings), the local chat's roundup schedules and who is who
 * across tools (people links).
 */
export type TConfigurationRows = Awaited<ReturnType<typeof readConfiguration>>;

export async function readConfiguration(client: Db) {
  const [policyRules, approverGroups, admins, channelSettings, roundups, people] = await Promise.all([
    client.policyRule.findMany({ orderBy: { id: 'asc' } }),
    client.approverGroup.findMany(),
    client.admin.findMany(),
    client.channelSetting.findMany(),
    // Roundups of other platforms would be posted there: a copy keeps only the local chat's.
    client.roundupSchedule.findMany({ where: { platform: 'local' } }),
    client.personLink.findMany(),
  ]);
  return { policyRules, approverGroups, admins, channelSettings, roundups, people };
}

/** Writes what readConfiguration read into an empty database, in one transaction. */
export async function writeConfiguration(client: Db, rows: TConfigurationRows): Promise<void> {
  await client.$transaction([
    client.policyRule.createMany({ data: rows.policyRules }),
    client.approverGroup.createMany({ data: rows.approverGroups }),
    client.admin.createMany({ data: rows.admins }),
    client.channelSetting.createMany({ data: rows.channelSettings }),
    client.roundupSchedule.createMany({ data: rows.roundups }),
    client.personLink.createMany({ data: rows.people }),
  ]);
}
