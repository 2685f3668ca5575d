import pino from 'pino';
import { PostedForms } from '../../../src/features/shared/posted-forms';
import { ActionRepository } from '../../../src/features/actions/action-repository';
import { ActionService } from '../../../src/features/actions/action-service';
import { PromiseRepository } from '../../../src/features/actions/promise-repository';
import { PromiseService } from '../../../src/features/actions/promise-service';
import { ActionsReadApi } from '../../../src/features/actions/read-api';
import { CaseRepository } from '../../../src/features/cases/case-repository';
import type { CaseFile } from '../../../src/features/cases/model';
import { GroupRepository, MemberRepository } from '../../../src/features/groups/group-repository';
import { LinkRepository } from '../../../src/features/groups/link-repository';
import type { Group, Member } from '../../../src/features/groups/model';
import { openStore, type Store } from '../../../src/store/store';

export const logger = pino({ level: 'silent' });

/** A registered group as the groups feature stores it. */
export function group(id: string, over: Partial<Group> = {}): Group {
  return {
    id, key: `team:${id}`, kind: 'sspf', name: id, municipality: 'Kungälv', municipalityKey: 'kungalv', areas: ['Ytterby', 'Kareby'], language: 'sv',
    conversationType: 'channel', postConversationId: `19:${id}@thread`, registeredBy: 'anna', registeredAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', ...over
  };
}

export function member(groupId: string, aad: string, roles: Member['roles'] = ['medlem'], over: Partial<Member> = {}): Member {
  return { id: aad, groupId, aadObjectId: aad, name: `Name ${aad}`, userRole: 'user', agency: 'polis', roles, updatedBy: 'anna', updatedAt: '2026-01-01T00:00:00Z', ...over } as Member;
}

export function caseFile(id: string, groupId: string, status: CaseFile['status']): CaseFile {
  return {
    id, groupId, municipalityKey: 'kungalv', status, createdAt: '2026-01-01T00:00:00.000Z', createdBy: 'anna', updatedAt: '',
    details: { name: 'N', birthYear: 2013, area: 'A', concern: 'C' }, observations: [], consents: [],
    lifecycle: { step: 'oro', completed: [], checked: {} }, shownViews: [], postedCards: []
  } as CaseFile;
}

/** The actions feature's services on a fresh database of the embedded Cosmos server. */
export async function actionsWorld(database: string) {
  const store: Store = await openStore({ cosmos: { database }, embedded: { snapshotMs: 1000 }, logger });
  const groups = new GroupRepository(store);
  const members = new MemberRepository(store);
  const links = new LinkRepository(store);
  const reader = new ActionsReadApi(store, groups);
  const actions: ActionRepository = reader.actions;
  const promises: PromiseRepository = reader.promises;
  const cases = new CaseRepository(store);
  const forms = new PostedForms(store);
  const service = new ActionService({ actions, promises, members, groups, cases, forms, logger });
  const promiseService = new PromiseService({ promises, reader, repos: { groups, links }, logger });
  return { store, groups, members, links, actions, promises, cases, forms, service, promiseService };
}
