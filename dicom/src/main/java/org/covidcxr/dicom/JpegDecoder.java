package org.covidcxr.dicom;

import static org.covidcxr.dicom.ImageReadException.Problem.CORRUPT;
import static org.covidcxr.dicom.ImageReadException.Problem.TRUNCATED;
import static org.covidcxr.dicom.ImageReadException.Problem.UNSUPPORTED_COMPRESSION;

import java.util.Arrays;

/**
 * Sequential DCT JPEG with Huffman coding (ISO 10918-1 Processes 1, 2 and 4: DICOM's JPEG Baseline and Extended),
 * greyscale, 8 or 12 bits, and lossless JPEG (Process 14, H.1: 2 to 16 bits, predictors 1 to 7, point transform),
 * restart intervals included. Written here because no Java decoder on Maven Central reads 12-bit DCT JPEG, and
 * TwelveMonkeys decodes lossless JPEG with a point transform to wrong values without a warning. It follows IJG libjpeg 6b, which dcmtk and GDCM build on, step by step (Huffman decoding as its
 * jdhuff.c in {@link JpegEntropyDecoder}, the inverse DCT as its jidctint.c in {@link IslowIdct}) so that lossy images
 * decode to exactly their values. Where libjpeg warns and carries on (data ending early, a bad code, a missing
 * restart marker, stray bytes) this decoder refuses the image: a damaged stream is never decoded to different values.
 * Work is bounded by the image size, which the already checked DICOM header fixes.
 */
final class JpegDecoder {
    /** Zig-zag position → natural (row-major) position (Figure A.6). */
    static final int[] NATURAL_ORDER = {0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26,
        33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44,
        51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63};

    private final byte[] data;
    private final PixelModule module;
    private final DicomTransferSyntax syntax;
    private int pos;

    private int precision;
    private int componentId = -1;
    private int quantSelector;
    private final int[][] quantTables = new int[4][];
    private final JpegHuffmanTable[] dcTables = new JpegHuffmanTable[4];
    private final JpegHuffmanTable[] acTables = new JpegHuffmanTable[4];
    private JpegHuffmanTable dc;
    private JpegHuffmanTable ac;
    private int restartInterval;
    private int[] image;
    private boolean lossless;
    private int predictor;
    private int pointTransform;

    private JpegDecoder(byte[] data, PixelModule module, DicomTransferSyntax syntax) {
        this.data = data;
        this.module = module;
        this.syntax = syntax;
    }

    /** Decodes one frame into sample values (0 to 2^precision - 1), one per pixel. */
    static int[] decode(byte[] frame, PixelModule module, DicomTransferSyntax syntax) throws IntakeProblem {
        return new JpegDecoder(frame, module, syntax).run();
    }

    private int[] run() throws IntakeProblem {
        if (u8() != 0xFF || u8() != 0xD8) {
            throw corrupt("it does not start with a JPEG start-of-image marker");
        }
        while (true) {
            if (image != null && pos >= data.length) {
                return image; // every pixel came from the data; only the end marker is missing
            }
            int marker = nextMarker();
            if (marker == 0xD9) {
                if (image == null) {
                    throw corrupt("it ends before its picture data");
                }
                return image;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue; // TEM and stray restart markers stand alone; libjpeg ignores them too
            }
            if (marker == 0xD8) {
                throw corrupt("it holds a second start-of-image marker");
            }
            int length = u16();
            int end = pos + length - 2;
            if (length < 2) {
                throw corrupt("a marker segment has an impossible length");
            }
            if (end > data.length) {
                throw truncated();
            }
            switch (marker) {
                case 0xC0, 0xC1 -> readFrameHeader(length);
                case 0xC3 -> {
                    lossless = true;
                    readFrameHeader(length);
                }
                case 0xC4 -> readHuffmanTables(end);
                case 0xDB -> readQuantTables(end);
                case 0xDD -> readRestartInterval(length);
                case 0xDA -> readScanHeader(length);
                case 0xC2, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF ->
                        throw unsupported(processName(marker));
                case 0xCC -> throw unsupported("arithmetic coding");
                case 0xDE, 0xDF -> throw unsupported("hierarchical coding");
                default -> {
                    // APPn and COM carry nothing the pixels depend on; libjpeg skips a line count (DNL) when the
                    // frame header gave the height, and stops at any other marker.
                    if (!(marker >= 0xE0 && marker <= 0xEF || marker == 0xFE || marker == 0xDC)) {
                        throw corrupt("it holds an unknown marker");
                    }
                }
            }
            pos = end;
            if (marker == 0xDA) {
                decodeScan();
            }
        }
    }

    private static String processName(int sof) {
        return switch (sof) {
            case 0xC2 -> "progressive coding";
            case 0xC5, 0xC6, 0xC7 -> "hierarchical coding";
            default -> "arithmetic coding";
        };
    }

    private int nextMarker() throws IntakeProblem {
        if (u8() != 0xFF) {
            throw corrupt("stray bytes stand where a marker should be");
        }
        int marker = u8();
        while (marker == 0xFF) { // fill bytes
            marker = u8();
        }
        return marker;
    }

    private void readFrameHeader(int length) throws IntakeProblem {
        if (componentId >= 0) {
            throw corrupt("it holds a second frame header");
        }
        precision = u8();
        int y = u16();
        int x = u16();
        int components = u8();
        if (lossless ? precision < 2 || precision > 16 : precision != 8 && precision != 12) {
            throw corrupt("its sample precision is " + precision + " bits; " + (lossless ? "lossless JPEG has 2 to 16"
                    : "DCT JPEG has 8 or 12"));
        }
        if (components != module.samplesPerPixel()) {
            throw corrupt("the compressed image has " + components + " component(s) but the file says "
                    + module.samplesPerPixel());
        }
        if (components != 1) {
            throw unsupported(precision + "-bit colour (" + components + " components)");
        }
        if (length != 8 + 3 * components) {
            throw corrupt("its frame header has the wrong length");
        }
        if (y == 0) {
            throw unsupported("the line count after the image (DNL)");
        }
        if (x != module.columns() || y != module.rows()) {
            throw corrupt("the compressed image is " + x + " x " + y + " but the file says " + module.columns()
                    + " x " + module.rows());
        }
        componentId = u8();
        u8(); // sampling factors: a lone component's own size is the image's, whatever they say
        quantSelector = u8();
        if (quantSelector > 3) {
            throw corrupt("its frame header names quantisation table " + quantSelector);
        }
    }

    private void readRestartInterval(int length) throws IntakeProblem {
        if (length != 4) {
            throw corrupt("its restart interval segment is malformed");
        }
        restartInterval = u16();
    }

    private void readQuantTables(int end) throws IntakeProblem {
        while (pos < end) {
            int spec = u8();
            int id = spec & 0x0F;
            boolean sixteenBit = spec >> 4 != 0;
            if (id > 3 || spec >> 4 > 1 || pos + 64 * (sixteenBit ? 2 : 1) > end) {
                throw corrupt("a quantisation table is malformed");
            }
            int[] table = new int[64];
            for (int k = 0; k < 64; k++) {
                table[NATURAL_ORDER[k]] = sixteenBit ? u16() : u8();
            }
            quantTables[id] = table;
        }
    }

    private void readHuffmanTables(int end) throws IntakeProblem {
        while (pos < end) {
            int spec = u8();
            int id = spec & 0x0F;
            if (id > 3 || spec >> 4 > 1 || pos + 16 > end) {
                throw corrupt("a Huffman table is malformed");
            }
            int[] counts = new int[16];
            int total = 0;
            for (int i = 0; i < 16; i++) {
                counts[i] = u8();
                total += counts[i];
            }
            if (total > 256 || pos + total > end) {
                throw corrupt("a Huffman table is malformed");
            }
            int[] symbols = new int[total];
            for (int i = 0; i < total; i++) {
                symbols[i] = u8();
            }
            try {
                (spec >> 4 == 0 ? dcTables : acTables)[id] = new JpegHuffmanTable(counts, symbols);
            } catch (IllegalArgumentException e) {
                throw corrupt("a Huffman table is malformed");
            }
        }
    }

    private void readScanHeader(int length) throws IntakeProblem {
        if (componentId < 0) {
            throw corrupt("the picture data comes before the frame header");
        }
        if (image != null) {
            throw corrupt("it holds a second scan");
        }
        int components = u8();
        int selector = u8();
        int tables = u8();
        int start = u8();
        int endOfSpectrum = u8();
        int approximation = u8();
        if (components != 1 || length != 6 + 2 * components || selector != componentId) {
            throw corrupt("its scan header does not match its frame header");
        }
        int dcId = tables >> 4;
        if (lossless) {
            readLosslessScanHeader(start, endOfSpectrum, approximation, dcId);
            return;
        }
        if (start != 0 || endOfSpectrum != 63 || approximation != 0) {
            throw corrupt("its scan header is not that of a sequential image");
        }
        int acId = tables & 0x0F;
        if (dcId > 3 || acId > 3 || dcTables[dcId] == null || acTables[acId] == null) {
            throw corrupt("a Huffman table its scan needs is missing");
        }
        dc = dcTables[dcId];
        ac = acTables[acId];
        if (dc.largestSymbol() > 15) {
            throw corrupt("its DC Huffman table is malformed");
        }
        if (quantTables[quantSelector] == null) {
            throw corrupt("the quantisation table its image needs is missing");
        }
    }

    /** Lossless: Ss is the predictor, Se is 0, Al is the point transform (H.1.2, table H.1). */
    private void readLosslessScanHeader(int start, int endOfSpectrum, int approximation, int dcId)
            throws IntakeProblem {
        predictor = start;
        pointTransform = approximation & 0x0F;
        if (predictor < 1 || predictor > 7 || endOfSpectrum != 0 || approximation >> 4 != 0
                || pointTransform >= precision) {
            throw corrupt("its scan header is not that of a lossless image");
        }
        if (dcId > 3 || dcTables[dcId] == null) {
            throw corrupt("a Huffman table its scan needs is missing");
        }
        dc = dcTables[dcId];
        if (dc.largestSymbol() > 16) {
            throw corrupt("its Huffman table is malformed");
        }
        if (restartInterval % module.columns() != 0) {
            throw unsupported("restart intervals that do not cover whole lines");
        }
    }

    /** The one scan: blocks left to right, top to bottom, each decoded, transformed and cropped to the image. */
    private void decodeScan() throws IntakeProblem {
        if (lossless) {
            decodeLosslessScan();
            return;
        }
        int rows = module.rows();
        int columns = module.columns();
        int[] quant = quantTables[quantSelector]; // latched here, as libjpeg does: a later table changes nothing
        IslowIdct idct = new IslowIdct(precision);
        JpegEntropyDecoder entropy = new JpegEntropyDecoder(data, pos, dc, ac);
        int[] coef = new int[64];
        int[] samples = new int[64];
        int[] out = new int[rows * columns];
        int restartsToGo = restartInterval;
        int nextRestart = 0;
        for (int by = 0; by < rows; by += 8) {
            for (int bx = 0; bx < columns; bx += 8) {
                if (restartInterval > 0) {
                    if (restartsToGo == 0) {
                        entropy.restart(nextRestart);
                        nextRestart = (nextRestart + 1) & 7;
                        restartsToGo = restartInterval;
                    }
                    restartsToGo--;
                }
                int w = Math.min(8, columns - bx);
                int h = Math.min(8, rows - by);
                if (entropy.decodeBlock(coef) == 0) {
                    int value = idct.dcOnly(coef[0], quant[0]);
                    for (int r = 0, o = by * columns + bx; r < h; r++, o += columns) {
                        Arrays.fill(out, o, o + w, value);
                    }
                    coef[0] = 0;
                    continue;
                }
                idct.transform(coef, quant, samples);
                Arrays.fill(coef, 0);
                for (int r = 0, o = by * columns + bx; r < h; r++, o += columns) {
                    System.arraycopy(samples, r * 8, out, o, w);
                }
            }
        }
        pos = entropy.finish();
        image = out;
    }

    /**
     * Lossless: each sample is its prediction from its decoded neighbours plus a Huffman-coded difference, modulo
     * 2^16 (H.1.2). The first line of the image and of each restart interval is predicted from the left (its first
     * sample from 2^(P - Pt - 1)), the first column from above; the decoded values are multiplied by 2^Pt again.
     */
    private void decodeLosslessScan() throws IntakeProblem {
        int rows = module.rows();
        int columns = module.columns();
        int[] out = new int[rows * columns];
        JpegEntropyDecoder entropy = new JpegEntropyDecoder(data, pos, dc, null);
        int initial = 1 << (precision - pointTransform - 1);
        int linesPerInterval = restartInterval / columns;
        int nextRestart = 0;
        int intervalFirstRow = 0;
        for (int y = 0; y < rows; y++) {
            if (linesPerInterval > 0 && y > 0 && y % linesPerInterval == 0) {
                entropy.restart(nextRestart);
                nextRestart = (nextRestart + 1) & 7;
                intervalFirstRow = y;
            }
            int row = y * columns;
            for (int x = 0; x < columns; x++) {
                int prediction;
                if (y == intervalFirstRow) {
                    prediction = x == 0 ? initial : out[row + x - 1];
                } else if (x == 0) {
                    prediction = out[row - columns];
                } else {
                    prediction = predict(out[row + x - 1], out[row - columns + x], out[row - columns + x - 1]);
                }
                out[row + x] = (prediction + entropy.decodeDifference()) & 0xFFFF;
            }
        }
        pos = entropy.finish();
        for (int i = 0; pointTransform > 0 && i < out.length; i++) {
            out[i] <<= pointTransform;
        }
        image = out;
    }

    /** Table H.1, from the left (a), above (b) and upper-left (c) neighbours. */
    private int predict(int a, int b, int c) {
        return switch (predictor) {
            case 1 -> a;
            case 2 -> b;
            case 3 -> c;
            case 4 -> a + b - c;
            case 5 -> a + ((b - c) >> 1);
            case 6 -> b + ((a - c) >> 1);
            default -> (a + b) >> 1;
        };
    }

    // ---- header bytes ----

    private int u8() throws IntakeProblem {
        if (pos >= data.length) {
            throw truncated();
        }
        return data[pos++] & 0xFF;
    }

    private int u16() throws IntakeProblem {
        return u8() << 8 | u8();
    }

    static IntakeProblem corrupt(String what) {
        return new IntakeProblem(CORRUPT, "the JPEG image cannot be decoded: " + what
                + ". The file is damaged; ask for it to be sent again.");
    }

    static IntakeProblem truncated() {
        return new IntakeProblem(TRUNCATED, "the JPEG image ends before all of its picture data; part of the picture "
                + "would be missing. It was probably cut off during transfer or copying. Ask for it to be sent again.");
    }

    private IntakeProblem unsupported(String feature) {
        return new IntakeProblem(UNSUPPORTED_COMPRESSION,
                FrameDecoder.unsupportedMessage(syntax.displayName() + " with " + feature, syntax.uid()));
    }
}
