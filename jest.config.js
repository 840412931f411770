const { availableParallelism } = require('node:os');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 30000,
  // More workers than cores: the Workato-engine and fault tests spend most of their time waiting
  // (Workato's retry sleeps, multistep resumes, delayed batches), not computing.
  maxWorkers: Math.max(3, availableParallelism()),
};
