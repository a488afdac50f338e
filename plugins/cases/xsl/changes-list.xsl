<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- Loaded as if in the skin's pages/: reach the plugin's own folder. -->
  <xsl:include href="../../../plugins/cases/xsl/cases-common.xsl"/>
  <!-- The client's change requests, estimates to answer first. -->
  <xsl:template match="content" mode="page">
    <h1>Change requests</h1>
    <p><a class="button primary" href="{$base}/changes/new">Request a change</a></p>
    <xsl:choose>
      <xsl:when test="changes/change"><xsl:call-template name="cr-rows"><xsl:with-param name="list" select="changes"/><xsl:with-param name="prefix">/changes/</xsl:with-param></xsl:call-template></xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="title">No change request yet.</xsl:with-param></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
