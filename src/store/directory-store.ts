import { z } from 'zod';
import { ZDetectorOverrides, ZRunMode } from '../core/channel-settings.js';
import type { DirectoryStore } from '../core/store-ports.js';
import type { Db } from './client.js';
import { fromJson, toJson } from './json-column.js';
import { isUniqueViolation } from './prisma-errors.js';

export function prismaDirectoryStore(db: Db): DirectoryStore {
  const updateChannelSettings: DirectoryStore['updateChannelSettings'] = async (channel, patch, by, at) => {
    const { detectors, ...fields } = patch;
    const data = {
      ...fields,
      ...(detectors ? { detectors: toJson(detectors) } : {}),
      updatedBy: by,
      updatedAt: at,
    };
    await db.channelSetting.upsert({ where: { channel }, create: { channel, ...data }, update: data });
  };
  return {
    async grantedAdmins() {
      return (await db.admin.findMany({ orderBy: { grantedAt: 'asc' } })).map((a) => a.userId);
    },
    async grantAdmin(user, by, at) {
      try {
        await db.admin.create({ data: { userId: user, grantedBy: by, grantedAt: at } });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },
    async revokeAdmin(user) {
      return (await db.admin.deleteMany({ where: { userId: user } })).count > 0;
    },
    async groups() {
      const rows = await db.approverGroup.findMany({ orderBy: { name: 'asc' } });
      return rows.map((g) => ({
        name: g.name,
        members: fromJson(z.array(z.string()), g.members, `ApproverGroup ${g.name}.members`),
      }));
    },
    async setGroup(name, members, by, at) {
      const data = { members: toJson(members), updatedBy: by, updatedAt: at };
      await db.approverGroup.upsert({ where: { name }, create: { name, ...data }, update: data });
    },
    async removeGroup(name) {
      return (await db.approverGroup.deleteMany({ where: { name } })).count > 0;
    },
    async allDetectorOverrides() {
      const rows = await db.channelSetting.findMany({
        where: { detectors: { not: null } },
        select: { channel: true, detectors: true },
      });
      return rows.map((row) =>
        fromJson(ZDetectorOverrides, row.detectors ?? '{}', `ChannelSetting ${row.channel}.detectors`),
      );
    },
    async channelSettings(channel) {
      const row = await db.channelSetting.findUnique({ where: { channel } });
      if (!row) return { detectors: {} };
      return {
        timeZone: row.timeZone ?? undefined,
        mode: row.mode ? ZRunMode.parse(row.mode) : undefined,
        quietHours: row.quietHours ?? undefined,
        lead: row.lead ?? undefined,
        detectors: row.detectors
          ? fromJson(ZDetectorOverrides, row.detectors, `ChannelSetting ${channel}.detectors`)
          : {},
      };
    },
    updateChannelSettings,
  };
}
