/**
 * The service provider interface an implementation supplies to run the TCK: {@link
 * io.gossamer.tck.spi.Peers}, registered in {@code META-INF/services/io.gossamer.tck.spi.Peers}
 * and visible from inside each deployment (the class path of a flat embedded container, or added
 * to each archive by the runner). Peers are configured with the deployment's {@code gossamer.*}
 * keys, every one honoured as a deployment honours it (fixed ports included); a server peer is in
 * both pools, and {@link io.gossamer.tck.spi.Peer#leave()} and
 * {@link io.gossamer.tck.spi.Peer#updateTags(java.util.Map)} act on both.
 */
package io.gossamer.tck.spi;
