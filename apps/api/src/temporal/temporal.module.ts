import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { SettingsError, telemetrySettings, temporalSettings, TemporalSettings } from '@pathway/config';
import { AesGcmPayloadCodec } from '@pathway/payload-codec';
import { failureConverterPath } from '@pathway/workflows';

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
export const TEMPORAL_SETTINGS = Symbol('TEMPORAL_SETTINGS');

/** The API's Temporal client. Nest DI stops here: workflow code never sees it. */
@Global()
@Module({
  providers: [
    { provide: TEMPORAL_SETTINGS, useFactory: (): TemporalSettings => temporalSettings() },
    {
      provide: TEMPORAL_CLIENT,
      inject: [TEMPORAL_SETTINGS],
      useFactory: async (settings: TemporalSettings): Promise<Client> => {
        const connection = await Connection.connect({ address: settings.address, tls: settings.tls, apiKey: settings.apiKey, connectTimeout: '5 seconds' }).catch((err: Error) => {
          throw new SettingsError(`cannot reach Temporal at ${settings.address}: ${err.message}`);
        });
        // Same codec as the worker: what the API sends and reads is encrypted on the wire and in history.
        return new Client({
          connection,
          namespace: settings.namespace,
          dataConverter: { payloadCodecs: [AesGcmPayloadCodec.fromEnv()], failureConverterPath },
          // While tracing is on, each start, Update and query is a span whose context the workflow receives in its headers.
          ...(telemetrySettings().otlpEndpoint ? { interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } } : {}),
        });
      },
    },
  ],
  exports: [TEMPORAL_CLIENT, TEMPORAL_SETTINGS],
})
export class TemporalModule implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}
