import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { APP_CONFIG, loadConfig } from '../../../server/src/config/app-config';
import { JOB_NAMES } from '../../../server/src/modules/jobs/job-catalog';
import { JobProducer } from '../../../server/src/modules/jobs/job-producer';
import { InvalidJobPayload, JobRegistry, JobRegistryError } from '../../../server/src/modules/jobs/job-registry';
import { JobsModule } from '../../../server/src/modules/jobs/jobs.module';

const config = loadConfig({ JWT_SECRET: 'x'.repeat(40), DATA_DIR: '/tmp' });

/** What the application gives every module; the start is refused before the database is ever used. */
@Global()
@Module({
  providers: [
    { provide: DataSource, useValue: {} },
    { provide: APP_CONFIG, useValue: config },
  ],
  exports: [DataSource, APP_CONFIG],
})
class ApplicationBasicsModule {}

describe('job registry: one definition per job, checked at startup', () => {
  it('refuses a second handler for the same job', () => {
    const registry = new JobRegistry();
    registry.handle('aggregation.rollup', async () => undefined);
    expect(() => registry.handle('aggregation.rollup', async () => undefined)).toThrow(JobRegistryError);
  });

  it('names every job that has no handler', () => {
    const registry = new JobRegistry();
    for (const name of JOB_NAMES.filter((n) => n !== 'webhooks.deliver' && n !== 'reminders.run')) registry.handle(name, async () => undefined);
    expect(() => registry.check()).toThrow('Jobs without a handler: reminders.run, webhooks.deliver');
    registry.handle('reminders.run', async () => undefined);
    registry.handle('webhooks.deliver', async () => undefined);
    expect(() => registry.check()).not.toThrow();
  });

  it('stops the application from starting when a job has no handler', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ApplicationBasicsModule, JobsModule.forRoot(config, { processors: false, relay: false })],
    }).compile();
    const app = moduleRef.createNestApplication(new FastifyAdapter());
    await expect(app.init()).rejects.toThrow(/Jobs without a handler: aggregation\.refresh/);
    await app.close();
  });

  it('validates payloads against the schema: a payload that does not match is never enqueued nor run', async () => {
    const registry = new JobRegistry();
    expect(() => registry.validate('aggregation.refresh', { themeId: 'not-a-uuid', regionCode: '18.72', periodKey: '2026-11-02' })).toThrow(InvalidJobPayload);
    expect(() => registry.validate('aggregation.refresh', { themeId: '00000000-0000-4000-8000-000000000000', regionCode: '18.72', periodKey: '2026-11-02', extra: 1 })).toThrow(/additionalProperties .*extra/);
    await expect(registry.run('no.such.job', {}, { attempt: 1 })).rejects.toThrow(InvalidJobPayload);
    const added: unknown[] = [];
    const producer = new JobProducer(registry, { add: async (jobs: unknown[]) => void added.push(...jobs) } as never, { jobs: { debounceMs: 250 } } as never);
    await expect(producer.enqueue('reminders.run', { themeId: 'x', key: 'k' })).rejects.toThrow(InvalidJobPayload);
    await producer.enqueue('aggregation.refresh', { themeId: '00000000-0000-4000-8000-000000000000', regionCode: '18.72.01.1001', periodKey: '2026-11-02' });
    expect(added).toEqual([
      expect.objectContaining({
        queue: 'aggregation',
        name: 'aggregation.refresh',
        delayMs: 250,
        attempts: 10,
        deduplicationId: '00000000-0000-4000-8000-000000000000/18.72.01.1001/2026-11-02',
      }),
    ]);
  });
});
