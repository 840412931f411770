/**
 * A realistic batch for the demo: an HR system's people, the LMS's catalogue and enrollments,
 * people matched by e-mail from both sides, a few resets, and a few mistakes a recipe makes.
 */
const DEPARTMENTS = ['ENG', 'SALES', 'HR', 'OPS', 'FIN'];

const uuidOf = (n: number): string => `5d0c8f4e-2b7a-4e31-9c55-${n.toString(16).padStart(12, '0')}`;

export interface DemoSizes {
  users: number;
  courses: number;
  sessionsPerCourse: number;
  learningPlans: number;
}

export const demoSizes: DemoSizes = { users: 900, courses: 80, sessionsPerCourse: 2, learningPlans: 20 };

export const demoCommands = (sizes: DemoSizes = demoSizes): Record<string, unknown>[] => {
  const commands: Record<string, unknown>[] = [];
  const { users, courses, sessionsPerCourse, learningPlans } = sizes;
  for (let u = 1; u <= users; u++) {
    const dept = DEPARTMENTS[u % DEPARTMENTS.length];
    commands.push({
      name: 'MatchUserCommand',
      external_id: `HR-${10000 + u}`,
      internal_id: u,
      internal_uuid: uuidOf(u),
      metadata: { source: 'hris', dept: { code: dept }, manager: u % 25 === 0, hired: `20${10 + (u % 15)}` },
    });
  }
  for (let c = 1; c <= courses; c++) {
    commands.push({ name: 'MatchCourseCommand', external_id: `CRS-${c}`, internal_id: c, metadata: { catalog: c % 2 ? 'compliance' : 'skills' } });
    for (let s = 1; s <= sessionsPerCourse; s++) {
      const session = c * 10 + s;
      commands.push({ name: 'MatchSessionCommand', external_id: `SES-${session}`, internal_id: session, course_id: c });
    }
  }
  for (let p = 1; p <= learningPlans; p++) commands.push({ name: 'MatchLearningPlanCommand', external_id: `LP-${p}`, internal_id: p });
  for (let u = 1; u <= users; u++) {
    const c = 1 + (u % courses);
    // Recipes often hand ids over as strings: the connector coerces "42" to 42.
    commands.push({ name: 'MatchCourseEnrollmentCommand', external_id: `ENR-${u}-${c}`, internal_id: u % 7 === 0 ? String(u) : u, course_id: c });
    if (u % 3 === 0) commands.push({ name: 'MatchSessionEnrollmentCommand', external_id: `SENR-${u}`, internal_id: u, session_id: c * 10 + 1 });
    if (u % 2 === 0) commands.push({ name: 'MatchLearningPlanEnrollmentCommand', external_id: `LPENR-${u}`, internal_id: u, learning_plan_id: 1 + (u % learningPlans) });
  }
  // Contractors matched by e-mail: the external side sometimes arrives first.
  for (let k = 1; k <= 150; k++) {
    const id = users + k;
    const email = `contractor${k}@example.com`;
    const internal = { name: 'MapUserCommand', mapping_id: email, internal_id: id, internal_uuid: uuidOf(id) };
    const external = { name: 'MapUserCommand', mapping_id: email, external_id: `CTR-${k}`, metadata: { source: 'vendor-portal' } };
    commands.push(...(k % 2 ? [internal, external] : [external, internal]));
  }
  for (let r = 1; r <= 10; r++) commands.push({ name: 'ResetCourseEnrollmentMatchCommand', user_id: r * 11, course_id: 1 + ((r * 11) % courses) });
  commands.push({ name: 'ResetUserMatchByExternalIdCommand', external_id: `HR-${10000 + users}` });
  // Mistakes: a missing field, a misspelled name, a field the command does not take, a taken external id.
  commands.push({ name: 'MatchSessionCommand', external_id: 'SES-X', internal_id: 9999 });
  commands.push({ name: 'MatchUsrCommand', external_id: 'HR-X', internal_id: 1 });
  commands.push({ name: 'MatchCourseCommand', external_id: 'CRS-X', internal_id: 9998, course_code: 'X' });
  commands.push({ name: 'MatchCourseCommand', external_id: 'CRS-1', internal_id: 9997 });
  return commands;
};
