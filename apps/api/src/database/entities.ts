import { AuditLog } from '../audit/audit-log.entity';
import { OrgUnit, OrgUnitVersion } from '../org/org-unit.entity';
import { Position } from '../staff/position.entity';
import { Staff, StaffAssignment } from '../staff/staff.entity';
import { Tenant } from '../tenants/tenant.entity';
import { AppUser } from '../users/user.entity';

export const ENTITIES = [Tenant, OrgUnit, OrgUnitVersion, Position, Staff, StaffAssignment, AppUser, AuditLog];
