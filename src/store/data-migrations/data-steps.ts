import { platformKeys } from './platform-keys.js';
import type { TSql } from './sql.js';

/**
 * Migrations that convert data SQL alone cannot (JSON columns, rows whose platform must be inferred), by folder
 * name. The migrator runs each right after its SQL, in the same transaction; `prisma migrate deploy` does not know
 * them, so such migrations must be applied by Teammate itself (it does at every start).
 */
export const dataSteps: Readonly<Record<string, (sql: TSql) => Promise<void>>> = {
  '20261130000026_platform_keys': platformKeys,
};
