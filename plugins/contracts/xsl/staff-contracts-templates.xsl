<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- Loaded as if in the skin's pages/: reach the plugin's own folder. -->
  <xsl:include href="../../../plugins/contracts/xsl/contracts-common.xsl"/>
  <!-- The template library and the form for a new template. -->
  <xsl:template match="content" mode="page">
    <nav class="crumbs" aria-label="Breadcrumb"><a href="{$base}/staff/contracts">Contracts</a></nav>
    <h1>Contract templates</h1>
    <xsl:choose>
      <xsl:when test="templates/template">
        <ul>
          <xsl:for-each select="templates/template">
            <li><a href="{$base}/staff/contracts/templates/{id}"><xsl:value-of select="name"/></a> <span class="when"> · <xsl:value-of select="updated_at"/></span></li>
          </xsl:for-each>
        </ul>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="icon">file</xsl:with-param><xsl:with-param name="title">No template yet.</xsl:with-param></xsl:call-template></xsl:otherwise>
    </xsl:choose>
    <h2>New template</h2>
    <xsl:call-template name="ct-template-form"><xsl:with-param name="action" select="'/staff/contracts/templates'"/></xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
