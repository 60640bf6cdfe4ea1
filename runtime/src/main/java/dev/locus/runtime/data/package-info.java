/**
 * Data sets: IDX and CIFAR-10 readers that refuse bad files with the file named, standardization
 * with the training set's statistics, the search for named sets, and the built-in Fashion-MNIST
 * sample. docs/DATA.md describes it for users.
 */
package dev.locus.runtime.data;
