package org.covidcxr.pacs;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SetOfDicomFiles;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.network.Association;
import com.pixelmed.network.FindSOPClassSCU;
import com.pixelmed.network.IdentifierHandler;
import com.pixelmed.network.MoveSOPClassSCU;
import com.pixelmed.network.MultipleInstanceTransferStatusHandlerWithFileName;
import com.pixelmed.network.ResponseStatus;
import com.pixelmed.network.StorageSOPClassSCU;
import com.pixelmed.network.VerificationSOPClassSCU;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workstation as a DICOM client (SCU) of a PACS, through PixelMed's network classes: C-ECHO, study-level C-FIND,
 * C-MOVE of a study to a destination AE, C-STORE of files. Each call opens and releases its own association; every
 * failure becomes a {@link PacsException} naming the node and what to check. Nothing identifying a patient is logged.
 */
public final class PacsClient {
    private static final Logger LOG = LoggerFactory.getLogger(PacsClient.class);

    private final String callingAeTitle;

    public PacsClient(String callingAeTitle) {
        this.callingAeTitle = DicomNode.checkAeTitle(callingAeTitle);
    }

    public void echo(DicomNode node) throws PacsException {
        try {
            new VerificationSOPClassSCU(node.host(), node.port(), node.aeTitle(), callingAeTitle, false);
            LOG.info("C-ECHO {} answered", node);
        } catch (Exception e) {
            throw NetworkFailures.explain("C-ECHO", node, e);
        }
    }

    public List<StudyRecord> findStudies(DicomNode node, StudyQuery query) throws PacsException {
        List<StudyRecord> found = new ArrayList<>();
        try {
            AttributeList identifier = StudyKeys.identifier(query);
            new FindSOPClassSCU(node.host(), node.port(), node.aeTitle(), callingAeTitle,
                    SOPClass.StudyRootQueryRetrieveInformationModelFind, identifier, new IdentifierHandler() {
                        @Override
                        public void doSomethingWithIdentifier(AttributeList response) {
                            found.add(StudyKeys.record(response));
                        }
                    });
        } catch (Exception e) {
            throw NetworkFailures.explain("C-FIND", node, e);
        }
        LOG.info("C-FIND {}: {} studies", node, found.size());
        return List.copyOf(found);
    }

    /**
     * Asks the node to send one study to {@code destinationAeTitle} (which the node must know, e.g. this workstation's
     * receiver) and waits until it reports the move done. Fails with the node's own status when it refuses or
     * reports failed sub-operations; {@code cancellation} aborts the move.
     */
    public void moveStudy(DicomNode node, String studyInstanceUid, String destinationAeTitle,
                          Cancellation cancellation) throws PacsException {
        String destination = DicomNode.checkAeTitle(destinationAeTitle);
        Association association = null;
        int status;
        try {
            AttributeList identifier = StudyKeys.moveIdentifier(studyInstanceUid);
            association = MoveSOPClassSCU.getSuitableAssociation(node.host(), node.port(), node.aeTitle(),
                    callingAeTitle, SOPClass.StudyRootQueryRetrieveInformationModelMove);
            cancellation.attach(association);
            MoveSOPClassSCU move = new MoveSOPClassSCU(association, destination,
                    SOPClass.StudyRootQueryRetrieveInformationModelMove, identifier);
            status = move.getStatus();
            association.release();
        } catch (Exception e) {
            if (cancellation.cancelled()) {
                throw new PacsException("Retrieve from " + node + " cancelled", e);
            }
            throw NetworkFailures.explain("C-MOVE", node, e);
        } finally {
            cancellation.detach();
        }
        if (status != ResponseStatus.Success) {
            throw new PacsException("C-MOVE with " + node + " failed: " + MoveStatus.describe(status, destination));
        }
        LOG.info("C-MOVE {} to {}: done", node, destination);
    }

    /** Sends files to the node; the result counts what it accepted and says why any was not. */
    public StoreResult store(DicomNode node, List<Path> files, TransferProgress progress) throws PacsException {
        SetOfDicomFiles set = new SetOfDicomFiles();
        for (Path f : files) {
            try {
                set.add(f.toFile());
            } catch (IOException e) {
                throw new PacsException("Cannot send " + f.getFileName() + ": it is not a readable DICOM file ("
                        + e.getMessage() + ")", e);
            }
        }
        int total = set.size();
        int[] counts = new int[1];
        List<String> failures = new ArrayList<>();
        StorageSOPClassSCU scu;
        try {
            scu = new StorageSOPClassSCU(node.host(), node.port(), node.aeTitle(), callingAeTitle, set, 0,
                    new MultipleInstanceTransferStatusHandlerWithFileName() {
                        @Override
                        public void updateStatus(int remaining, int completed, int failed, int warning,
                                                 String sopInstanceUid, String fileName, boolean success) {
                            // PixelMed's completed count includes refused objects: count from each one's outcome.
                            if (success) {
                                counts[0]++;
                            } else {
                                failures.add(Path.of(fileName).getFileName() + " was refused by the node (its log"
                                        + " says why, e.g. a full storage)");
                            }
                            progress.update(counts[0], failures.size(), total);
                        }
                    });
        } catch (RuntimeException e) {
            throw NetworkFailures.explain("C-STORE", node, e);
        }
        if (scu.encounteredTrappedExceptions() && counts[0] == 0) {
            throw new PacsException("C-STORE with " + node + " failed: nothing was accepted. Check the node's AE title,"
                    + " host and port (C-ECHO tests them) and that it accepts these objects.");
        }
        if (counts[0] + failures.size() < total) {
            failures.add((total - counts[0] - failures.size()) + " not sent: the association ended early");
        }
        LOG.info("C-STORE {}: {} of {} stored", node, counts[0], total);
        return new StoreResult(counts[0], failures);
    }

    /** Query keys and the answers read back (study root, study level). */
    static final class StudyKeys {
        private StudyKeys() {
        }

        static AttributeList identifier(StudyQuery q) throws DicomException {
            AttributeList list = new AttributeList();
            put(list, TagFromName.QueryRetrieveLevel, Optional.of("STUDY"));
            put(list, TagFromName.StudyInstanceUID, Optional.empty());
            put(list, TagFromName.PatientID, q.patientId());
            put(list, TagFromName.PatientName, q.patientName());
            put(list, TagFromName.StudyDate, q.dateRange());
            put(list, TagFromName.ModalitiesInStudy, q.modality());
            put(list, TagFromName.AccessionNumber, q.accessionNumber());
            put(list, TagFromName.StudyDescription, Optional.empty());
            put(list, TagFromName.NumberOfStudyRelatedInstances, Optional.empty());
            return list;
        }

        static AttributeList moveIdentifier(String studyInstanceUid) throws DicomException {
            AttributeList list = new AttributeList();
            put(list, TagFromName.QueryRetrieveLevel, Optional.of("STUDY"));
            put(list, TagFromName.StudyInstanceUID, Optional.of(studyInstanceUid));
            return list;
        }

        static StudyRecord record(AttributeList a) {
            String count = Attribute.getSingleStringValueOrEmptyString(a, TagFromName.NumberOfStudyRelatedInstances);
            int instances;
            try {
                instances = count.isBlank() ? 0 : Integer.parseInt(count.strip());
            } catch (NumberFormatException e) {
                instances = 0;
            }
            return new StudyRecord(text(a, TagFromName.StudyInstanceUID), text(a, TagFromName.PatientID),
                    text(a, TagFromName.PatientName), text(a, TagFromName.StudyDate),
                    text(a, TagFromName.StudyDescription), text(a, TagFromName.AccessionNumber),
                    Attribute.getDelimitedStringValuesOrEmptyString(a, TagFromName.ModalitiesInStudy), instances);
        }

        private static String text(AttributeList a, AttributeTag tag) {
            return Attribute.getSingleStringValueOrEmptyString(a, tag).strip();
        }

        private static void put(AttributeList list, AttributeTag tag, Optional<String> value) throws DicomException {
            Attribute a = list.putNewAttribute(tag);
            if (value.isPresent()) {
                a.addValue(value.get());
            }
        }
    }
}
