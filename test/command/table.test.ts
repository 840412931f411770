import { commandFields } from '../../connector/fields';
import { commandNames, commandTable, entityTypes, fieldsOf, rowsByName } from '../../connector/commands';

describe('the command table', () => {
  it('has the 24 rows of the article under 23 names', () => {
    expect(commandTable).toHaveLength(24);
    expect(commandNames).toHaveLength(23);
    expect(new Set(commandTable.map((r) => r.id)).size).toBe(24);
  });

  it('gives MapUserCommand an internal and an external shape, and every other command one', () => {
    for (const [name, rows] of rowsByName) {
      if (name === 'MapUserCommand') expect(rows.map((r) => r.shape)).toEqual(['internal', 'external']);
      else expect(rows).toHaveLength(1);
    }
  });

  it('lists the article\'s fields for a few rows exactly', () => {
    const take = (id: string) => fieldsOf(commandTable.find((r) => r.id === id)!);
    expect(take('MatchUserCommand')).toEqual(['external_id', 'internal_id', 'internal_uuid', 'metadata']);
    expect(take('MatchSessionCommand')).toEqual(['external_id', 'internal_id', 'course_id', 'metadata']);
    expect(take('ResetUserMatchCommand')).toEqual(['internal_id', 'internal_uuid']);
    expect(take('ResetCourseEnrollmentMatchCommand')).toEqual(['user_id', 'course_id']);
    expect(take('ResetAllLearningPlanEnrollmentsMatchCommand')).toEqual([]);
    expect(take('ResetUserMatchByExternalIdCommand')).toEqual(['external_id']);
    expect(take('MapUserCommand.internal')).toEqual(['mapping_id', 'internal_id', 'internal_uuid']);
    expect(take('MapUserCommand.external')).toEqual(['mapping_id', 'external_id', 'metadata']);
  });

  it('allows metadata on exactly the seven Match commands and external MapUserCommand', () => {
    expect(commandTable.filter((r) => r.metadata).map((r) => r.id)).toEqual([
      'MatchUserCommand',
      'MatchCourseCommand',
      'MatchSessionCommand',
      'MatchLearningPlanCommand',
      'MatchCourseEnrollmentCommand',
      'MatchSessionEnrollmentCommand',
      'MatchLearningPlanEnrollmentCommand',
      'MapUserCommand.external',
    ]);
  });

  it('names only known fields, an entity type of the contract and help for every row', () => {
    for (const r of commandTable) {
      for (const f of r.required) expect(Object.keys(commandFields)).toContain(f);
      expect(r.required).not.toContain('metadata');
      expect(entityTypes).toContain(r.entityType);
      expect(r.help.length).toBeGreaterThan(20);
      expect(r.title).toBeTruthy();
    }
  });

  it('writes every entity type but event, which no command writes yet', () => {
    expect(new Set(commandTable.map((r) => r.entityType))).toEqual(new Set(entityTypes.filter((t) => t !== 'event')));
  });
});
