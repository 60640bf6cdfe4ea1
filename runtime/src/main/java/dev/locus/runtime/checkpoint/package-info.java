/**
 * Checkpoint files: trained parameters with a header and a CRC-32, written atomically, and
 * refused with a clear message when damaged or made for another network.
 */
package dev.locus.runtime.checkpoint;
