/**
 * The service provider interface an implementation supplies to run the TCK: {@link
 * io.gossamer.tck.spi.Peers}, registered in {@code META-INF/services/io.gossamer.tck.spi.Peers}.
 */
package io.gossamer.tck.spi;
