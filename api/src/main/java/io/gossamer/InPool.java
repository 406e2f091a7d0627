package io.gossamer;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Narrows a {@link MembershipEvent} observer to one pool: {@code @Observes @InPool(Pool.WAN)
 * MemberJoined e} sees joins in the WAN pool only. See {@code [events-qualifiers]}.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD, ElementType.TYPE})
public @interface InPool {

    /** {@return the pool} */
    Pool value();

    /** An instance of the qualifier, for firing or selecting programmatically. */
    final class Literal extends AnnotationLiteral<InPool> implements InPool {
        private static final long serialVersionUID = 1L;
        /** The pool. */
        private final Pool value;

        private Literal(Pool value) {
            this.value = value;
        }

        /**
         * The qualifier for one pool.
         *
         * @param pool the pool
         * @return {@code @InPool(pool)}
         */
        public static Literal of(Pool pool) {
            return new Literal(pool);
        }

        @Override
        public Pool value() {
            return value;
        }
    }
}
