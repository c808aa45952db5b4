// The attributes of a MongoDB command span: what ran where, never what it was asked. The command
// document (filters, updates, inserted documents, pipelines) is never read beyond its first key's
// value, and that only when it is a collection name; a getMore's cursor id is left out too.
import type { CommandStartedEvent } from 'mongodb';
import type { SpanAttributes } from './span-types';

export function mongoCommandAttributes(e: CommandStartedEvent): SpanAttributes {
  const target = (e.command as Record<string, unknown>)[e.commandName];
  return {
    'db.system.name': 'mongodb',
    'db.operation.name': e.commandName,
    'db.namespace': e.databaseName,
    ...(typeof target === 'string' ? { 'db.collection.name': target } : {}),
    ...(e.address ? { 'server.address': e.address } : {}),
  };
}
