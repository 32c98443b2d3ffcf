/** What the funds services need. `redis` may be down at any time: every Redis use is best-effort. */
import type { Redis } from "ioredis";
import type { Clock } from "../platform/clock";
import type { Db } from "../platform/db/client";

export interface FundsDeps {
  db: Db;
  redis: Redis;
  redisPrefix: string;
  clock: Clock;
  /** The sandbox base URL: the default NAV source when no URL is configured. */
  sandboxUrl?: string;
}
