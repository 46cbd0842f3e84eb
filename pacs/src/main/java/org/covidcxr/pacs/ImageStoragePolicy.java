package org.covidcxr.pacs;

import com.pixelmed.dicom.SOPClass;
import com.pixelmed.network.AnyExplicitStorePresentationContextSelectionPolicy;
import com.pixelmed.network.PresentationContext;
import com.pixelmed.network.PresentationContextSelectionPolicy;
import java.util.LinkedList;

/**
 * Accepts C-ECHO and image storage SOP classes in any transfer syntax PixelMed reads; refuses every other SOP class
 * (reports, presentation states, raw data…) at negotiation with "abstract syntax not supported" (PS3.8 9.3.3.2), the
 * DICOM way for an SCP to refuse a SOP class. PixelMed's SCP answers every C-STORE it has stored with Success, so
 * what it may not keep has to be refused here.
 */
final class ImageStoragePolicy implements PresentationContextSelectionPolicy {
    private static final byte ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;
    private final PresentationContextSelectionPolicy pixelmed = new AnyExplicitStorePresentationContextSelectionPolicy();

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public LinkedList applyPresentationContextSelectionPolicy(LinkedList contexts, int association) {
        LinkedList<PresentationContext> selected = pixelmed.applyPresentationContextSelectionPolicy(contexts,
                association);
        for (PresentationContext pc : selected) {
            String sopClass = pc.getAbstractSyntaxUID();
            if (!SOPClass.isVerification(sopClass) && !SOPClass.isImageStorage(sopClass)) {
                pc.setResultReason(ABSTRACT_SYNTAX_NOT_SUPPORTED);
                pc.newTransferSyntaxUIDs();
            }
        }
        return selected;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public LinkedList applyPresentationContextSelectionPolicy(LinkedList contexts, int association, int debugLevel) {
        return applyPresentationContextSelectionPolicy(contexts, association);
    }
}
