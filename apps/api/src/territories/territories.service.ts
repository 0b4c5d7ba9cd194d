import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { findTerritoryContacts, setTerritoryContact, TerritoryContactRecord, TerritoryContactRole } from '@pathway/persistence';
import type { Principal } from '../auth/principal';
import { PathwayAccess } from '../common/access/pathway-access';
import { DATABASE } from '../database/database.module';
import { SetTerritoryContactDto, TERRITORY_CONTACT_ROLES, TerritoryContactDto } from './dto/territory-contact.dto';

/**
 * Who receives what is addressed to a territory rather than to a person of the pathway: escalations,
 * crises, waiting-list offers and the digest go to its supervisor, eligibility reminders to its intake
 * desk. The reminder dispatcher reads them when it sends; a notice held for want of one goes out at its
 * next attempt once it is set.
 */
@Injectable()
export class TerritoriesService {
  constructor(
    @Inject(DATABASE) private readonly db: DataSource,
    private readonly access: PathwayAccess,
  ) {}

  /** The territory's contacts that are set, supervisor first; an admin reads any territory, a supervisor their own. */
  async contacts(territory: string, principal: Principal): Promise<TerritoryContactDto[]> {
    this.access.assertTerritory(principal, territory, ['admin', 'supervisor'], 'reading the contacts');
    const found = await findTerritoryContacts(this.db, territory);
    return TERRITORY_CONTACT_ROLES.flatMap((role) => (found[role] ? [view(found[role])] : []));
  }

  /** Names (or renames) the territory's contact for `role`. */
  async setContact(territory: string, role: TerritoryContactRole, input: SetTerritoryContactDto, principal: Principal): Promise<TerritoryContactDto> {
    this.access.assertTerritory(principal, territory, ['admin', 'supervisor'], 'naming the contacts');
    return view(await setTerritoryContact(this.db, { territory, role, name: input.name, email: input.email }));
  }
}

function view(contact: TerritoryContactRecord): TerritoryContactDto {
  return { territory: contact.territory, role: contact.role, name: contact.name, email: contact.email, updatedAt: contact.updatedAt.toISOString() };
}
