/**
 * The package in which compiled networks are defined as hidden classes. A hidden class can only
 * be defined through a full-privilege {@link java.lang.invoke.MethodHandles.Lookup} on a class of
 * its own package, so this package holds one class, {@link dev.locus.runtime.model.generated.ModelClasses},
 * and nothing else that such a lookup could reach.
 */
package dev.locus.runtime.model.generated;
