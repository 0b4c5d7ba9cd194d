import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { SettingsError, telemetrySettings, temporalSettings, TemporalSettings } from '@pathway/config';
import { AesGcmPayloadCodec } from '@pathway/payload-codec';
import { failureConverterPath } from '@pathway/workflows';

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
export const TEMPORAL_SETTINGS = Symbol('TEMPORAL_SETTINGS');
/** The payload codec (its keys): also what seals the documents kept outside Temporal. */
export const PAYLOAD_CODEC = Symbol('PAYLOAD_CODEC');

/** The API's Temporal client. Nest DI stops here: workflow code never sees it. */
@Global()
@Module({
  providers: [
    { provide: TEMPORAL_SETTINGS, useFactory: (): TemporalSettings => temporalSettings() },
    { provide: PAYLOAD_CODEC, useFactory: (): AesGcmPayloadCodec => AesGcmPayloadCodec.fromEnv() },
    {
      provide: TEMPORAL_CLIENT,
      inject: [TEMPORAL_SETTINGS, PAYLOAD_CODEC],
      useFactory: async (settings: TemporalSettings, codec: AesGcmPayloadCodec): Promise<Client> => {
        const connection = await Connection.connect({ address: settings.address, tls: settings.tls, apiKey: settings.apiKey, connectTimeout: '5 seconds' }).catch((err: Error) => {
          throw new SettingsError(`cannot reach Temporal at ${settings.address}: ${err.message}`);
        });
        // Same codec as the worker: what the API sends and reads is encrypted on the wire and in history.
        return new Client({
          connection,
          namespace: settings.namespace,
          dataConverter: { payloadCodecs: [codec], failureConverterPath },
          // While tracing is on, each start, Update and query is a span whose context the workflow receives in its headers.
          ...(telemetrySettings().otlpEndpoint ? { interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } } : {}),
        });
      },
    },
  ],
  exports: [TEMPORAL_CLIENT, TEMPORAL_SETTINGS, PAYLOAD_CODEC],
})
export class TemporalModule implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}
