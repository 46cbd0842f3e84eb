package org.covidcxr.dicom;

import static org.covidcxr.dicom.ImageReadException.Problem.CORRUPT;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferShort;
import java.awt.image.DataBufferUShort;
import java.awt.image.Raster;
import java.io.IOException;
import java.util.Locale;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The first frame's bytes → stored values, one per pixel: masked to Bits Stored and sign-extended (garbage in unused
 * high bits never leaks), or, for JPEG 2000, clamped to the Bits Stored range of the code stream's own samples (lossy
 * JPEG 2000 may overshoot it) and read with the header's sign where the two disagree.
 * Colour is reduced to luminance. RLE, JPEG-LS and greyscale JPEG (DCT 8- and 12-bit, lossless) are decoded here;
 * other compressed frames go straight to the ImageIO readers (TwelveMonkeys for colour JPEG, jai-imageio for
 * JPEG 2000, which alone can also give a reduced resolution level for analysis, see {@link ResolutionLevel}). Compared
 * with PixelMed's SourceImage this decodes one frame instead of the whole object, and measured
 * as fast or faster for every compressed syntax (RLE ten times); see the README's performance section.
 */
final class FrameDecoder {
    private FrameDecoder() {
    }

    /** A frame's stored values, one per pixel, and the size they were decoded at (the image's or a reduced level's). */
    record StoredFrame(int columns, int rows, int[] values) {
    }

    /**
     * @param resolution which image to decode: only a JPEG 2000 stream has an analysis image other than the full one
     */
    static StoredFrame storedValues(byte[] frame, DicomTransferSyntax syntax, PixelModule module,
                                    Resolution resolution) throws IntakeProblem {
        int[] samples;
        boolean clamp = false;
        boolean streamSigned = module.signed();
        ResolutionLevel level = ResolutionLevel.full(module.columns(), module.rows());
        switch (syntax.encoding()) {
            case NATIVE_LE, NATIVE_BE -> samples = nativeWords(frame, module);
            case DEFLATED_FRAME -> samples = nativeWords(inflate(frame, module), module);
            case RLE -> samples = RleDecoder.decode(frame, module);
            case JPEG_LS -> samples = JpegLsDecoder.decode(frame, module);
            case JPEG -> samples = decodesWithImageIo(frame) ? decodeWithImageIo(frame, "jpeg", module, level)
                    : JpegDecoder.decode(frame, module, syntax);
            case JPEG_2000 -> {
                Jpeg2000Structure.check(frame);
                streamSigned = Jpeg2000Structure.signedSamples(frame);
                if (resolution == Resolution.ANALYSIS) {
                    level = Jpeg2000Structure.analysisLevel(frame, module.columns(), module.rows(),
                            XrayImageReader.ANALYSIS_MIN_SIDE);
                }
                samples = decodeWithImageIo(frame, "jpeg2000", module, level);
                clamp = true;
            }
            default -> throw new IllegalStateException("unsupported syntax reached the decoder: " + syntax);
        }
        int channels = samples.length / (level.columns() * level.rows());
        if (syntax.encoding() == DicomTransferSyntax.Encoding.JPEG
                || syntax.encoding() == DicomTransferSyntax.Encoding.JPEG_LS || clamp) {
            checkFitsBitsStored(samples, module, streamSigned);
        }
        if (clamp) {
            clampToBitsStored(samples, module.bitsStored(), streamSigned);
            if (streamSigned != module.signed()) {
                // The header and the code stream disagree on the sign: the header's reading of the same stored bits,
                // as GDCM and dcmtk give it, not values clamped to the header's range.
                maskAndSignExtend(samples, module, 0);
            }
        } else {
            // Native words keep the stored bits at High Bit; decoders return them right-aligned.
            boolean nativeWords = !syntax.encapsulated()
                    || syntax.encoding() == DicomTransferSyntax.Encoding.DEFLATED_FRAME;
            int shift = nativeWords ? Math.max(0, module.highBit() + 1 - module.bitsStored()) : 0;
            maskAndSignExtend(samples, module, shift);
        }
        if (channels == 1) {
            return new StoredFrame(level.columns(), level.rows(), samples);
        }
        // ImageIO's JPEG and JPEG 2000 readers hand back RGB whatever the file's YBR photometric says.
        boolean convertedToRgb = syntax.encoding() == DicomTransferSyntax.Encoding.JPEG
                || syntax.encoding() == DicomTransferSyntax.Encoding.JPEG_2000;
        return new StoredFrame(level.columns(), level.rows(),
                luminance(samples, channels, convertedToRgb ? "RGB" : module.photometric()));
    }

    /** Native YBR_FULL_422 (Y1 Y2 Cb Cr per pair of pixels) as Y Cb Cr for every pixel. */
    private static int[] upsampled422(byte[] frame, PixelModule module) {
        int pixels = Math.toIntExact(module.pixelsPerFrame());
        int[] stored = new int[pixels * 2];
        for (int i = 0, b = 0; i < stored.length; i++, b += module.bytesPerSample()) {
            stored[i] = module.bitsAllocated() == 8 ? frame[b] & 0xFF : (frame[b] & 0xFF) | (frame[b + 1] & 0xFF) << 8;
        }
        int[] words = new int[pixels * 3];
        for (int p = 0; p + 1 < pixels; p += 2) {
            int g = p * 2; // the pair's group of four: Y1 Y2 Cb Cr
            words[p * 3] = stored[g];
            words[p * 3 + 3] = stored[g + 1];
            words[p * 3 + 1] = words[p * 3 + 4] = stored[g + 2];
            words[p * 3 + 2] = words[p * 3 + 5] = stored[g + 3];
        }
        return words;
    }

    /** A deflated frame's native bytes: exactly one frame's worth, or the frame is damaged. */
    private static byte[] inflate(byte[] deflated, PixelModule module) throws IntakeProblem {
        long frameBytes = module.bytesPerFrame();
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(deflated);
            byte[] frame = new byte[Math.toIntExact(frameBytes)];
            int n = 0;
            while (n < frame.length && !inflater.finished() && !inflater.needsInput()) {
                n += inflater.inflate(frame, n, frame.length - n);
            }
            byte[] beyond = new byte[1];
            if (n < frame.length || inflater.inflate(beyond) > 0) {
                throw new IntakeProblem(CORRUPT, "the deflated image data holds " + (n < frame.length ? "less"
                        : "more") + " than one " + module.columns() + " x " + module.rows() + " frame. The file is "
                        + "damaged; ask for it to be sent again.");
            }
            return frame;
        } catch (DataFormatException e) {
            throw new IntakeProblem(CORRUPT, "the deflated image data cannot be inflated (" + e.getMessage()
                    + "). The file is damaged; ask for it to be sent again.");
        } finally {
            inflater.end();
        }
    }

    private static int[] nativeWords(byte[] frame, PixelModule module) {
        if (module.subsampled422()) {
            return upsampled422(frame, module);
        }
        int n = Math.toIntExact(module.pixelsPerFrame()) * module.samplesPerPixel();
        int[] words = new int[n];
        if (module.bitsAllocated() == 8) {
            for (int i = 0; i < n; i++) {
                words[i] = frame[i] & 0xFF;
            }
        } else {
            for (int i = 0, b = 0; i < n; i++, b += 2) {
                words[i] = (frame[b] & 0xFF) | (frame[b + 1] & 0xFF) << 8;
            }
        }
        if (module.samplesPerPixel() > 1 && module.planarConfiguration() == 1) {
            return interleave(words, module.samplesPerPixel());
        }
        return words;
    }

    private static int[] interleave(int[] planes, int channels) {
        int pixels = planes.length / channels;
        int[] out = new int[planes.length];
        for (int c = 0; c < channels; c++) {
            for (int p = 0; p < pixels; p++) {
                out[p * channels + c] = planes[c * pixels + p];
            }
        }
        return out;
    }

    static void maskAndSignExtend(int[] values, PixelModule module, int shift) {
        int bits = module.bitsStored();
        int mask = bits >= 32 ? -1 : (1 << bits) - 1;
        int signBit = 1 << (bits - 1);
        boolean signed = module.signed();
        for (int i = 0; i < values.length; i++) {
            int v = (values[i] >>> shift) & mask;
            values[i] = signed && (v & signBit) != 0 ? v - (mask + 1) : v;
        }
    }

    /**
     * A compressed stream carries its own sample precision. When many decoded values do not fit the header's Bits
     * Stored, the header contradicts the image (masking them would draw a different picture). Some may: lossy JPEG
     * 2000 overshoots the range near its ends (2 % of the conformance file's values).
     */
    private static void checkFitsBitsStored(int[] values, PixelModule module, boolean signed) throws IntakeProblem {
        int bits = module.bitsStored();
        // Decoders return unsigned codes, signed values, or (for a signed image) codes sign-extended to the
        // allocated width: accept each reading.
        long lo = signed ? -(1L << (bits - 1)) : 0;
        long hi = (1L << bits) - 1;
        int signExtension = (1 << (module.bitsAllocated() - bits + 1)) - 1;
        int outside = 0;
        for (int v : values) {
            if ((v < lo || v > hi) && !(signed && v >>> (bits - 1) == signExtension)) {
                outside++;
            }
        }
        if (outside > values.length / 10) {
            throw new IntakeProblem(CORRUPT, String.format(Locale.ROOT, "%.0f %% of the image's values do not fit "
                    + "the %d bits per pixel its header declares (Bits Stored). The header contradicts the image; ask "
                    + "for the file to be sent again.", 100.0 * outside / values.length, bits));
        }
    }

    /** Lossy JPEG 2000 overshoots its range near the ends: clamp to the range of the stream's own samples. */
    private static void clampToBitsStored(int[] values, int bits, boolean signed) {
        int lo = signed ? -(1 << (bits - 1)) : 0;
        int hi = signed ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.max(lo, Math.min(hi, values[i]));
        }
    }

    /** ITU-R BT.601 luma of RGB, or the Y component as it stands for YBR data that was not converted. */
    private static int[] luminance(int[] samples, int channels, String photometric) {
        int pixels = samples.length / channels;
        int[] out = new int[pixels];
        boolean ybr = photometric.startsWith("YBR") && channels == 3;
        for (int p = 0, s = 0; p < pixels; p++, s += channels) {
            out[p] = ybr ? samples[s]
                    : (int) Math.round(0.299 * samples[s] + 0.587 * samples[s + 1] + 0.114 * samples[s + 2]);
        }
        return out;
    }

    /**
     * Which decoder takes a JPEG frame. Greyscale sequential DCT (Baseline, Extended 8- and 12-bit), greyscale
     * lossless (point transform included), and every stream ImageIO cannot read go to {@link JpegDecoder}, which
     * matches dcmtk's and GDCM's values exactly and refuses by name what it does not decode; colour and 8-bit
     * progressive to ImageIO.
     */
    private static boolean decodesWithImageIo(byte[] frame) {
        int i = 2;
        while (i + 4 < frame.length) {
            if ((frame[i] & 0xFF) != 0xFF) {
                i++;
                continue;
            }
            int marker = frame[i + 1] & 0xFF;
            boolean frameHeader = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8
                    && marker != 0xCC;
            if (frameHeader) {
                int precision = frame[i + 4] & 0xFF;
                int components = i + 9 < frame.length ? frame[i + 9] & 0xFF : 1;
                boolean sequential = marker == 0xC0 || marker == 0xC1;
                return precision == 8 && (marker == 0xC2 || sequential && components > 1)
                        || marker == 0xC3 && components > 1;
            }
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0xFF) {
                i += marker == 0xFF ? 1 : 2;
                continue;
            }
            i += 2 + ((frame[i + 2] & 0xFF) << 8 | (frame[i + 3] & 0xFF));
        }
        return true;
    }

    static String unsupportedMessage(String name, String uid) {
        return "unsupported compression: " + name + " (" + uid + "). This workstation cannot decode it yet. Ask the "
                + "PACS or the modality to send the image uncompressed (Explicit VR Little Endian), JPEG Lossless or "
                + "JPEG 2000.";
    }

    /** Decodes the frame at {@code level}, which must come at the size it has there. */
    private static int[] decodeWithImageIo(byte[] frame, String format, PixelModule module, ResolutionLevel level)
            throws IntakeProblem {
        ImageReader reader = ImageReaders.forFormat(format);
        try (ImageInputStream input = new ByteArrayImageInput(frame)) {
            reader.setInput(input, true, true);
            ImageReadParam param = reader.getDefaultReadParam();
            level.configure(param);
            BufferedImage image = ImageReaders.readStrictly(reader, param);
            if (image.getWidth() != level.columns() || image.getHeight() != level.rows()) {
                String declared = module.columns() + " x " + module.rows();
                throw new IntakeProblem(CORRUPT, "the compressed image" + (level.reduced() ? " at "
                        + level.inWords() : "") + " is " + image.getWidth() + " x " + image.getHeight()
                        + " but the file says " + (level.reduced() ? declared + ", which makes it " + level.columns()
                        + " x " + level.rows() + " there" : declared)
                        + ". The file is damaged; ask for it to be sent again.");
            }
            return samplesOf(image.getRaster());
        } catch (IOException e) {
            throw new IntakeProblem(CORRUPT, "the compressed image cannot be decoded: it is damaged or uses an "
                    + "unusual encoding. Ask for it to be sent again, or uncompressed.", e);
        } finally {
            reader.dispose();
        }
    }

    /** Sample values of every band, pixel-interleaved; direct buffer access for the common single-band layouts. */
    static int[] samplesOf(Raster raster) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        int bands = raster.getNumBands();
        DataBuffer buffer = raster.getDataBuffer();
        if (bands == 1 && buffer.getNumBanks() == 1 && raster.getSampleModel() instanceof ComponentSampleModel sm
                && sm.getPixelStride() == 1 && sm.getScanlineStride() == w
                && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0) {
            int offset = buffer.getOffset() + sm.getBandOffsets()[0];
            int n = w * h;
            int[] out = new int[n];
            if (buffer instanceof DataBufferUShort u) {
                short[] d = u.getData();
                for (int i = 0; i < n; i++) {
                    out[i] = d[offset + i] & 0xFFFF;
                }
                return out;
            }
            if (buffer instanceof DataBufferShort s) {
                short[] d = s.getData();
                for (int i = 0; i < n; i++) {
                    out[i] = d[offset + i];
                }
                return out;
            }
            if (buffer instanceof DataBufferByte b) {
                byte[] d = b.getData();
                for (int i = 0; i < n; i++) {
                    out[i] = d[offset + i] & 0xFF;
                }
                return out;
            }
        }
        return raster.getPixels(0, 0, w, h, (int[]) null);
    }
}
