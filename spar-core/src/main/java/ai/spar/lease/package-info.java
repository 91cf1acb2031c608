/**
 * Ownership of an output directory by one run at a time: a lease file naming the run (id, host,
 * pid, start), renewed by a daemon thread while the run lives and released when it ends. A second
 * run fails at once naming the holder, or waits; a lease that was not renewed before its expiry (a
 * killed run), or one held by a process of this host that no longer exists, is taken over with a
 * log line saying so. The file lives behind {@link ai.spar.lease.LeaseStore}, so the same protocol
 * runs on local disk ({@link ai.spar.lease.FileLeaseStore}) and on any Hadoop file system (the job
 * module's store).
 */
package ai.spar.lease;
