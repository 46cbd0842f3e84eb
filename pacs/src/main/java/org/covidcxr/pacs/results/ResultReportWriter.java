package org.covidcxr.pacs.results;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.CodedSequenceItem;
import com.pixelmed.dicom.ContentItem;
import com.pixelmed.dicom.ContentItemFactory;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.StructuredReport;
import com.pixelmed.dicom.TagFromName;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Comprehensive SR document: the result as coded, machine-readable content, so that a PACS or RIS can show or
 * search it without reading pixels. No standard template fits a classifier's output, so the tree uses a private
 * coding scheme (declared in Coding Scheme Identification) beside DCM codes where DICOM has one.
 */
final class ResultReportWriter {
    static final String SOP_CLASS = SOPClass.ComprehensiveSRStorage;
    static final int SERIES_NUMBER = 9902;
    static final String SCHEME = "99COVIDCXR";
    private static final String CONTAINS = "CONTAINS";
    private static final Map<String, String> CLASS_MEANINGS = Map.of(AiResult.COVID, "COVID-19",
            "pneumonia", "other pneumonia");

    private ResultReportWriter() {
    }

    static AttributeList build(DicomInstance instance, SourceImage source, DicomInstance secondaryCapture,
                               AiResult result) throws DicomException {
        AttributeList list = ResultHeader.start(instance, source, result, "SR", SERIES_NUMBER,
                "AI decision support report (COVID-19 model " + result.modelVersion() + ")");
        DicomValues.put(list, TagFromName.CompletionFlag, "COMPLETE");
        // Nobody has verified an AI output; a clinician's report is a different document.
        DicomValues.put(list, TagFromName.VerificationFlag, "UNVERIFIED");
        DicomValues.putSequence(list, TagFromName.PerformedProcedureCodeSequence, List.of());
        DicomValues.putSequence(list, TagFromName.ReferencedPerformedProcedureStepSequence, List.of());
        ReferenceAttributes.putEvidence(list, source.studyUid(), List.of(source.instance(), secondaryCapture));
        DicomValues.putSequence(list, TagFromName.CodingSchemeIdentificationSequence, List.of(privateScheme()));
        list.putAll(new StructuredReport(content(source.instance(), secondaryCapture, result)).getAttributeList());
        return list;
    }

    private static ContentItem content(DicomInstance source, DicomInstance secondaryCapture, AiResult result)
            throws DicomException {
        ContentItemFactory f = new ContentItemFactory();
        ContentItem root = f.makeContainerContentItem(null, null, code("COVIDCXR-RESULT", "AI decision support result"),
                true);
        f.makeTextContentItem(root, CONTAINS, code("DISCLAIMER", "Disclaimer"), ResultBanner.DISCLAIMER);
        f.makeTextContentItem(root, CONTAINS, code("VERDICT", "AI verdict"), result.verdict());
        for (Map.Entry<String, Double> p : result.probabilities().entrySet()) {
            String name = p.getKey();
            f.makeNumericContentItem(root, CONTAINS, code("P-" + name.toUpperCase(Locale.ROOT),
                    "Probability of " + CLASS_MEANINGS.getOrDefault(name, name)), percent(p.getValue()), percentUnit());
        }
        f.makeNumericContentItem(root, CONTAINS, code("OPERATING-THRESH", "Operating threshold on P(COVID-19)"),
                percent(result.operatingThreshold()), percentUnit());
        if (result.confidentThreshold().isPresent()) {
            f.makeNumericContentItem(root, CONTAINS, code("CONFIDENT-THRESH", "Confident threshold on P(COVID-19)"),
                    percent(result.confidentThreshold().getAsDouble()), percentUnit());
        }
        f.makeTextContentItem(root, CONTAINS, new CodedSequenceItem("111001", "DCM", "Algorithm Name"),
                "COVID-19 chest X-ray classifier");
        f.makeTextContentItem(root, CONTAINS, new CodedSequenceItem("111003", "DCM", "Algorithm Version"),
                result.modelVersion());
        if (result.modelChecksum().isPresent()) {
            f.makeTextContentItem(root, CONTAINS, code("MODEL-CHECKSUM", "Model checksum"),
                    result.modelChecksum().get());
        }
        image(f, root, code("ANALYSED-IMAGE", "Analysed image"), source);
        image(f, root, code("RESULT-IMAGE", "Heat map and result image"), secondaryCapture);
        return root;
    }

    private static void image(ContentItemFactory f, ContentItem root, CodedSequenceItem concept, DicomInstance image)
            throws DicomException {
        f.makeImageContentItem(root, CONTAINS, concept, image.sopClassUid(), image.sopInstanceUid(), 0, 0, null, null,
                null, null);
    }

    /**
     * Probabilities are given in percent (UCUM "%"), as the workstation and the banner show them, rather than as a
     * {ratio}, so that a PACS displaying the raw value shows what the user saw.
     */
    private static CodedSequenceItem percentUnit() throws DicomException {
        return new CodedSequenceItem("%", "UCUM", "percent");
    }

    /** A decimal string (DS, at most 16 characters) with four decimals at most: 87.3, not 87.30000000000001. */
    static String percent(double probability) {
        return BigDecimal.valueOf(100 * probability).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString();
    }

    private static CodedSequenceItem code(String value, String meaning) throws DicomException {
        return new CodedSequenceItem(value, SCHEME, meaning);
    }

    private static AttributeList privateScheme() throws DicomException {
        AttributeList item = new AttributeList();
        DicomValues.put(item, TagFromName.CodingSchemeDesignator, SCHEME);
        DicomValues.put(item, TagFromName.CodingSchemeName, "COVID-19 CXR Workstation result codes");
        DicomValues.put(item, TagFromName.CodingSchemeResponsibleOrganization, ResultHeader.PRODUCT);
        return item;
    }
}
