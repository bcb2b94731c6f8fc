package dev.bulwark.agent.instrument.methods;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.ParameterDescription;

/**
 * Binds {@link SiteId} parameters to the id of the method being instrumented, registering the
 * method's guard on first sight. Enter and exit advice both resolve it; registration is idempotent.
 */
final class SiteIdMapping implements Advice.OffsetMapping.Factory<SiteId> {
    private final MethodSites sites;

    SiteIdMapping(MethodSites sites) {
        this.sites = sites;
    }

    @Override
    public Class<SiteId> getAnnotationType() {
        return SiteId.class;
    }

    @Override
    public Advice.OffsetMapping make(ParameterDescription.InDefinedShape target,
            AnnotationDescription.Loadable<SiteId> annotation, AdviceType adviceType) {
        return (instrumentedType, instrumentedMethod, assigner, argumentHandler, sort) ->
                Advice.OffsetMapping.Target.ForStackManipulation.of(sites.siteOf(instrumentedType, instrumentedMethod));
    }
}
