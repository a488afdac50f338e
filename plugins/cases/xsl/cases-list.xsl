<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- Loaded as if in the skin's pages/: reach the plugin's own folder. -->
  <xsl:include href="../../../plugins/cases/xsl/cases-common.xsl"/>
  <!-- The client's cases, open ones first. -->
  <xsl:template match="content" mode="page">
    <h1>Support cases</h1>
    <p><a class="button primary" href="{$base}/cases/new">Open a case</a>
      <xsl:text> </xsl:text><a href="{$base}/changes">Change requests</a></p>
    <xsl:choose>
      <xsl:when test="cases/case">
        <xsl:call-template name="cs-rows"><xsl:with-param name="list" select="cases"/><xsl:with-param name="prefix">/cases/</xsl:with-param></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="title">No case yet.</xsl:with-param><xsl:with-param name="text">Open a case when you need help; we answer within the agreed hours.</xsl:with-param></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
