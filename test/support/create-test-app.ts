import { NestExpressApplication } from '@nestjs/platform-express';
import { Test, TestingModuleBuilder } from '@nestjs/testing';
import { AppModule } from '../../src/app.module';
import { configureApp, NEST_APP_OPTIONS } from '../../src/app.setup';
import { ReplicaSyncInterceptor } from './replica-sync';

/**
 * The real AppModule, configured exactly as main.ts does, on the test database target. `customize`
 * may override a provider, e.g. to make one fail. With E2E_REPLICA_SYNC=true (the run with reads on
 * a replica) each write's response waits for the replica to catch up.
 */
export async function createTestApp(
  customize: (builder: TestingModuleBuilder) => TestingModuleBuilder = (builder) => builder,
): Promise<NestExpressApplication> {
  const moduleRef = await customize(Test.createTestingModule({ imports: [AppModule] })).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>(NEST_APP_OPTIONS);
  await configureApp(app);
  if (process.env.E2E_REPLICA_SYNC === 'true') {
    const sync = new ReplicaSyncInterceptor();
    app.useGlobalInterceptors(sync);
    const close = app.close.bind(app);
    app.close = async () => {
      await close();
      await sync.close();
    };
  }
  await app.init();
  return app;
}
