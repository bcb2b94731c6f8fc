/** Composed policies per target ({@link dev.bulwark.bootstrap.guard.Guard}) and the site registry advice reads. */
package dev.bulwark.bootstrap.guard;
