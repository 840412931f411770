import { canonicalEventName, eventCategories, eventNames, events, eventSpec } from '../../connector/events';
import { checkEvents, validatorFor } from '../../src/validate';

const ALIAS = 'platfrom.events.orgchart.UserRemovedFromBranch';
const CANONICAL = 'platform.events.orgchart.UserRemovedFromBranch';

describe('the event catalog', () => {
  it('holds the 30 events of the article in its six categories', () => {
    expect(events).toHaveLength(30);
    expect(new Set(eventNames).size).toBe(30);
    const perCategory = Object.fromEntries(Object.keys(eventCategories).map((c) => [c, events.filter((e) => e.category === c).length]));
    expect(perCategory).toEqual({ user: 4, branch: 2, course: 6, learning_plan: 6, enrollment: 10, learning_plan_enrollment: 2 });
  });

  it('says which payload ids each event needs, as the contract does', () => {
    expect(eventSpec('platform.events.user.UserDeleted')?.payload).toEqual(['user_id']);
    expect(eventSpec('platform.events.course.IltSessionDeleted')?.payload).toEqual(['session_id']);
    expect(eventSpec('platform.events.learningplan.LearningPlanCourseAdded')?.payload).toEqual(['learning_plan_id']);
    expect(eventSpec('platform.events.enrollment.UserEnrolledInIltSession')?.payload).toEqual(['user_id', 'session_id']);
    expect(eventSpec('platform.events.learningplan.UserCompletedLearningPlan')).toMatchObject({
      payload: ['user_id', 'learning_plan_id'],
      target: 'learning_plan_enrollment',
    });
    expect(events.filter((e) => e.effect === 'deleted').map((e) => e.name.split('.').pop())).toEqual([
      'UserDeleted',
      'CourseDeleted',
      'IltSessionDeleted',
      'LearningPlanDeleted',
      'UserUnenrolledFromCourse',
      'UserUnenrolledFromIltSession',
      'UserUnenrolledFromLearningplan',
    ]);
  });

  it('accepts the article\'s misspelling as an alias of the canonical name', () => {
    expect(eventNames).toContain(CANONICAL);
    expect(eventNames).not.toContain(ALIAS);
    expect(canonicalEventName(ALIAS)).toBe(CANONICAL);
    expect(eventSpec(ALIAS)?.name).toBe(CANONICAL);
    expect(validatorFor('event-name.json')(ALIAS)).toBe(true);
  });
});

describe('checkEvents', () => {
  it('stores the alias under the canonical name', () => {
    expect(checkEvents([ALIAS, 'platform.events.user.UserCreated'])).toEqual({
      events: [CANONICAL, 'platform.events.user.UserCreated'],
      problems: [],
    });
  });

  it('judges duplicates after the alias is made canonical', () => {
    expect(checkEvents([ALIAS, CANONICAL]).problems).toEqual([
      { path: 'events[1]', message: `events[1]: ${CANONICAL} is already listed at events[0]` },
    ]);
  });

  it('does not echo a very long unknown event name', () => {
    expect(checkEvents(['x'.repeat(5000)]).problems[0].message).toBe('events[0]: unknown event (a name of 5000 characters)');
  });

  it('refuses unknown events with a suggestion, and values that are not names', () => {
    expect(checkEvents(['platform.events.user.UserCreatd', 5]).problems).toEqual([
      { path: 'events[0]', message: 'events[0]: unknown event "platform.events.user.UserCreatd" (did you mean platform.events.user.UserCreated?)' },
      { path: 'events[1]', message: 'events[1] must be an event name, got the number 5' },
    ]);
    expect(checkEvents('platform.events.user.UserCreated').problems[0].message).toBe(
      'events must be a list of event names, got a string',
    );
  });
});
