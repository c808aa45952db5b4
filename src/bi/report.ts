// A registered report once validated: what the runner, the endpoint and the CLI work with.
import type { DataClass } from '../policy/classes';
import type { Role } from '../policy/roles';
import type { TokenKind } from '../auth/principal';
import type { ColumnType, ParamSpec } from './definition';

export interface ReportColumn {
  readonly name: string;
  readonly path: readonly string[];
  readonly type: ColumnType;
  readonly class: DataClass | null;
}

export interface Report {
  readonly id: string;
  readonly version: number;
  readonly title: string;
  readonly description: string | null;
  /** The GraphQL document (one named query) and the operation's name. */
  readonly document: string;
  readonly operationName: string;
  readonly roles: readonly Role[];
  readonly tokenKinds: readonly TokenKind[];
  readonly params: Readonly<Record<string, ParamSpec>>;
  /** Response path of the row list. */
  readonly rowsPath: readonly string[];
  /** Paged reports read a connection with `$first`/`$after`; its pageInfo says when to stop. */
  readonly paging: { readonly connection: string } | null;
  readonly columns: readonly ReportColumn[];
}

export interface ReportRegistry {
  /** Every report, ordered by id. */
  list(): readonly Report[];
  /** Null for an unknown id. */
  get(id: string): Report | null;
}
