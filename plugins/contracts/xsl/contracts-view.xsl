<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- Loaded as if in the skin's pages/: reach the plugin's own folder. -->
  <xsl:include href="../../../plugins/contracts/xsl/contracts-common.xsl"/>
  <!-- One contract for the client: read-only, its PDF, Sign now, the sealed PDF. -->
  <xsl:template match="content" mode="page">
    <xsl:variable name="c" select="contract"/>
    <nav class="crumbs" aria-label="Breadcrumb"><a href="{$base}/contracts">Contracts</a></nav>
    <h1><xsl:value-of select="$c/title"/></h1>
    <xsl:if test="signing/@link">
      <p><a class="button primary" href="{$base}{signing/@link}">Sign now</a></p>
    </xsl:if>
    <xsl:if test="$c/state = 'sent' and not(signing/@link)">
      <p>This contract is out for signature.</p>
    </xsl:if>
    <p><a href="{$base}/contracts/{$c/id}/pdf">Download the PDF</a>
      <xsl:if test="$c/sealed_file_id"> · <a href="{$base}/contracts/{$c/id}/sealed">Download the signed, sealed PDF</a></xsl:if></p>
    <xsl:if test="$c/sealed_file_id">
      <p>Verification:
        <xsl:choose>
          <xsl:when test="signing/@state = 'completed'">sealed by the e-signature service; every signature is complete.</xsl:when>
          <xsl:when test="signing/@absent">the e-signature service is not available to check it now.</xsl:when>
          <xsl:otherwise><xsl:value-of select="signing/@state"/></xsl:otherwise>
        </xsl:choose></p>
    </xsl:if>
    <xsl:call-template name="ct-body"><xsl:with-param name="c" select="$c"/></xsl:call-template>
    <xsl:if test="$c/amendments/amendment">
      <h2>Amendments</h2>
      <ul>
        <xsl:for-each select="$c/amendments/amendment">
          <li><a href="{$base}/contracts/{id}"><xsl:value-of select="title"/></a><xsl:text> </xsl:text><xsl:call-template name="ct-state"><xsl:with-param name="s" select="state"/></xsl:call-template></li>
        </xsl:for-each>
      </ul>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
